import { WriteBatcher } from "@relay/service-kit";
import {
  disableEndpoint,
  type EndpointHealth,
  noteHealth,
  type RecordedAttempt,
  recordAttempts,
} from "../db/deliveries.js";
import type { WebhooksDeps } from "../deps.js";
import type { FinishedAttempt } from "./attempt.js";
import { GIVE_UP_AFTER_MS, retryDelayMs } from "./schedule.js";

const succeeded = (f: FinishedAttempt) =>
  f.outcome.status !== null && f.outcome.status >= 200 && f.outcome.status < 300;

/** Each endpoint's health after these attempts (in the order they finished). */
function healthOf(batch: FinishedAttempt[]): EndpointHealth[] {
  const health = new Map<string, EndpointHealth & { sawSuccess: boolean }>();
  for (const f of batch) {
    const id = f.delivery.endpoint_id;
    const h = health.get(id) ?? { id, failingSince: null, afterSuccess: false, sawSuccess: false };
    if (succeeded(f)) {
      h.failingSince = null;
      h.sawSuccess = true;
    } else if (h.failingSince === null) {
      h.failingSince = f.at;
      h.afterSuccess = h.sawSuccess;
    }
    health.set(id, h);
  }
  return [...health.values()].map(({ sawSuccess: _, ...h }) => h);
}

/**
 * What a batch of answers means, written in two statements whatever its size: a 2xx is success;
 * `410 Gone` disables the endpoint; anything else is retried on the schedule until the delivery
 * is five days old, and an endpoint failing for five days is disabled. Endpoints are disabled
 * before the attempts that disabled them are written: whoever sees one sees the other.
 */
export async function settleAttempts(deps: WebhooksDeps, batch: FinishedAttempt[]): Promise<void> {
  const failingSince = await noteHealth(deps.db, healthOf(batch));
  const disabled = new Map<string, { reason: string; at: Date }>();
  for (const f of batch) {
    const id = f.delivery.endpoint_id;
    if (succeeded(f) || disabled.has(id)) continue;
    if (f.outcome.status === 410) disabled.set(id, { reason: "the endpoint answered 410 Gone", at: f.at });
    const since = failingSince.get(id);
    if (since && f.at.getTime() - since.getTime() >= GIVE_UP_AFTER_MS)
      disabled.set(id, { reason: "every attempt failed for 5 days", at: f.at });
  }
  for (const [id, { reason, at }] of disabled) {
    await disableEndpoint(deps.db, id, reason, at);
    deps.logger.info({ endpoint: id, reason }, "endpoint disabled");
  }
  await recordAttempts(
    deps.db,
    batch.map((f) => recordOf(f, disabled.has(f.delivery.endpoint_id))),
  );
}

function recordOf({ delivery, outcome, at }: FinishedAttempt, endpointDisabled: boolean): RecordedAttempt {
  const fields = {
    id: delivery.id,
    response_code: outcome.status,
    latency_ms: outcome.latencyMs,
    response_body: outcome.responseBody,
    error: outcome.error,
    at,
  };
  if (succeeded({ delivery, outcome, at })) return { ...fields, status: "succeeded", retry_at: null };
  const giveUp = endpointDisabled || at.getTime() - delivery.created_at.getTime() >= GIVE_UP_AFTER_MS;
  if (giveUp) return { ...fields, status: "failed", retry_at: null };
  const retryAt = new Date(at.getTime() + retryDelayMs(delivery.attempts + 1));
  return { ...fields, status: "pending", retry_at: retryAt };
}

/**
 * Writes finished attempts in batches: while one batch is written the next gathers, so the
 * database sees a statement per batch, not per attempt (the kit's group commit). `record`
 * resolves once the attempt is written; if writing fails the lease runs out and the delivery is
 * sent again (at least once).
 */
export class AttemptRecorder {
  private readonly batcher: WriteBatcher<FinishedAttempt>;

  constructor(deps: WebhooksDeps, maxBatch = 1000) {
    this.batcher = new WriteBatcher<FinishedAttempt>(async (batch) => {
      await settleAttempts(deps, batch);
      return batch.map((): void => undefined);
    }, maxBatch);
  }

  record(attempt: FinishedAttempt): Promise<void> {
    return this.batcher.add(attempt);
  }
}
