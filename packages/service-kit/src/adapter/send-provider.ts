import { AppError, ProviderError } from "@relay/domain";
import type { LedgerSend } from "./send-ledger.js";

export type SendOutcome =
  | {
      status: "sent";
      provider_message_id?: string | undefined;
      /** Found by reconciling an attempt of unknown outcome, not answered by this attempt's call. */
      reconciled?: boolean;
    }
  | { status: "failed"; error_code?: string | undefined; error_message: string; error?: unknown };

/** What an adapter tells the kit's send loop about its provider; the loop does the rest. */
export interface SendProvider<P, Prepared> {
  /** Loads what a call needs (channel, credentials, attachments). Nothing here reaches the provider. */
  prepare(send: LedgerSend<P>): Promise<Prepared>;
  /** Makes one provider call; returns the provider's id for the message, if it gives one. */
  deliver(send: LedgerSend<P>, prepared: Prepared): Promise<string | undefined>;
  /**
   * Looks for what an attempt of unknown outcome may have created at the provider; returns its
   * id when found. Without it, an unknown attempt is waited out for the reconciliation window
   * (a status webhook naming the send may adopt it meanwhile), then sent again.
   */
  reconcile?(send: LedgerSend<P>, prepared: Prepared): Promise<string | undefined>;
  /** Records a final outcome and reports it, in one transaction. */
  settle(send: LedgerSend<P>, outcome: SendOutcome): Promise<void>;
}

export type FailureClass =
  | { kind: "final"; code: string | undefined; message: string }
  | { kind: "retry"; outcomeKnown: boolean; code: string | undefined; message: string };

/**
 * The one failure classification of every adapter. Client mistakes and missing channels are
 * final; the provider says whether it is worth retrying and whether it may have acted anyway;
 * anything unexpected is retried, and treated as possibly sent when it came from the call itself.
 */
export function classifyFailure(error: unknown, duringCall: boolean): FailureClass {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ProviderError) {
    const code = error.providerCode;
    if (!error.retryable) return { kind: "final", code, message };
    return { kind: "retry", outcomeKnown: !error.ambiguous, code, message };
  }
  if (error instanceof AppError) {
    const final = ["not_found", "validation_failed", "forbidden"].includes(error.code);
    if (final) return { kind: "final", code: error.code, message };
    return { kind: "retry", outcomeKnown: !duringCall, code: error.code, message };
  }
  return { kind: "retry", outcomeKnown: !duringCall, code: undefined, message };
}
