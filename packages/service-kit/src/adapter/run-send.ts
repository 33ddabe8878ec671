import type { QueryExecutorProvider } from "kysely";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import { type ClaimedSend, retrySendLater, startAttempt } from "./send-ledger.js";
import { classifyFailure, type SendOutcome, type SendProvider } from "./send-provider.js";

export interface RunSendSettings {
  /** Provider calls per message before it is `failed`. */
  maxAttempts: number;
  /** How long a holder keeps a send while it calls the provider (longer than the call's timeout). */
  leaseMs: number;
  /** How long after an attempt of unknown outcome it may still turn up at the provider. */
  reconcileWindowMs: number;
  /** Delay before retry number `attempts` (1, 2, …). */
  backoffMs(attempts: number): number;
  /** How often an unknown attempt is looked up again while its window lasts (default 2 s). */
  recheckMs?: number;
  /** Counts each settled send (`provider_sends_total`). */
  metrics?: Metrics | undefined;
  /**
   * Marks an attempt started, durably, before its call (`startAttempt` by default; the send loop
   * gathers the marks of its concurrent sends into one statement).
   */
  startAttempt?: ((messageId: string) => Promise<Date>) | undefined;
}

/** Settles a send with the provider's outcome, counting it. */
function settle<P, Prepared>(
  provider: SendProvider<P, Prepared>,
  settings: RunSendSettings,
  send: ClaimedSend<P>,
  outcome: SendOutcome,
): Promise<void> {
  settings.metrics?.sends.inc({
    outcome: outcome.status,
    error_code: outcome.status === "failed" ? (outcome.error_code ?? "unknown") : "",
  });
  return provider.settle(send, outcome);
}

/**
 * One send, from claim to outcome. An attempt whose outcome is unknown (the process died, the
 * call timed out) is reconciled with the provider before anything else: found → adopted; not
 * found → looked for again until the window has passed, and only then sent again. Every
 * provider call is marked started in the ledger before it is made.
 */
export async function runSend<P, Prepared>(
  db: QueryExecutorProvider,
  provider: SendProvider<P, Prepared>,
  send: ClaimedSend<P>,
  settings: RunSendSettings,
  logger: Logger,
): Promise<void> {
  let prepared: Prepared;
  try {
    prepared = await provider.prepare(send);
  } catch (error) {
    // Nothing reached the provider: the previous attempt (if any) stays as unknown as it was.
    return settleFailure(db, provider, send, error, { duringCall: false, settings, logger });
  }

  const recheckMs = settings.recheckMs ?? 2_000;
  if (send.attempt_started_at) {
    // A status webhook naming the send may already have told us the provider's id.
    const found = send.provider_message_id ?? (await lookUp(provider, send, prepared, logger));
    if (found === "unknown") {
      return retrySendLater(db, send.message_id, { delayMs: recheckMs, outcomeKnown: false });
    }
    if (found)
      return settle(provider, settings, send, {
        status: "sent",
        provider_message_id: found,
        reconciled: true,
      });
    const waited = send.claimed_at.getTime() - send.attempt_started_at.getTime();
    if (waited < settings.reconcileWindowMs) {
      const delayMs = Math.min(recheckMs, settings.reconcileWindowMs - waited);
      return retrySendLater(db, send.message_id, { delayMs, outcomeKnown: false });
    }
    logger.info(
      { message_id: send.message_id },
      "an unknown attempt did not reach the provider; sending again",
    );
  }

  if (send.attempts >= settings.maxAttempts) {
    return settle(provider, settings, send, {
      status: "failed",
      error_code: send.error_code ?? undefined,
      error_message: send.error_message ?? "the provider could not be reached",
    });
  }
  await (settings.startAttempt?.(send.message_id) ?? startAttempt(db, send.message_id, settings.leaseMs));
  const attempt = { ...send, attempts: send.attempts + 1 };
  let providerMessageId: string | undefined;
  try {
    providerMessageId = await provider.deliver(attempt, prepared);
  } catch (error) {
    return settleFailure(db, provider, attempt, error, { duringCall: true, settings, logger });
  }
  await settle(provider, settings, attempt, { status: "sent", provider_message_id: providerMessageId });
}

async function lookUp<P, Prepared>(
  provider: SendProvider<P, Prepared>,
  send: ClaimedSend<P>,
  prepared: Prepared,
  logger: Logger,
): Promise<string | undefined | "unknown"> {
  if (!provider.reconcile) return undefined;
  try {
    return await provider.reconcile(send, prepared);
  } catch (error) {
    logger.warn({ err: error, message_id: send.message_id }, "reconciliation lookup failed; will retry");
    return "unknown";
  }
}

async function settleFailure<P, Prepared>(
  db: QueryExecutorProvider,
  provider: SendProvider<P, Prepared>,
  send: ClaimedSend<P>,
  error: unknown,
  context: { duringCall: boolean; settings: RunSendSettings; logger: Logger },
): Promise<void> {
  const failure = classifyFailure(error, context.duringCall);
  const log = { err: error, message_id: send.message_id, attempts: send.attempts };
  const exhausted =
    failure.kind === "retry" && failure.outcomeKnown && send.attempts >= context.settings.maxAttempts;
  if (failure.kind === "final" || exhausted) {
    context.logger.warn(log, "send failed");
    return settle(provider, context.settings, send, {
      status: "failed",
      error_code: failure.code,
      error_message: failure.message,
      error,
    });
  }
  context.logger.warn(
    log,
    failure.outcomeKnown ? "send failed; will retry" : "send outcome unknown; will reconcile",
  );
  await retrySendLater(db, send.message_id, {
    delayMs: context.settings.backoffMs(Math.max(1, send.attempts)),
    // A failure before the call closes nothing: an earlier unknown attempt stays unknown.
    outcomeKnown: context.duringCall && failure.outcomeKnown,
    error: { code: failure.code, message: failure.message },
  });
}
