import type { BulkOutcome, BulkSendResult, ErrorDetail, SentMessage, ValidationError } from "@relay/domain";
import { RecipientRefused } from "../recipient-refused.js";

type RowRef = { index: number; key: string; message: { contact_id?: string | undefined } };

/** A refused row: the rule that refused it, and its fields as the caller named them. */
export function refuse(index: number, key: string | undefined, error: ValidationError): BulkOutcome {
  return {
    index,
    ...(key !== undefined && { key }),
    status: "refused",
    error: {
      code: error instanceof RecipientRefused ? error.reason : "validation_failed",
      message: error.message,
      details: error.details ?? [],
    },
  };
}

/**
 * A row refused by a rule of the send pipeline, whose error names the single send's fields
 * (`from`, `to`, `body`): named here `messages.<i>.<field>`, and `to` as `contact_id` when
 * that is how the row named its recipient.
 */
export function refuseRow(row: RowRef, error: ValidationError): BulkOutcome {
  const recipient = row.message.contact_id !== undefined ? "contact_id" : "to";
  const details: ErrorDetail[] = (error.details ?? []).map((detail) => ({
    field: `messages.${row.index}.${detail.field === "to" ? recipient : detail.field}`,
    message: detail.message,
  }));
  const message = details.map((detail) => `${detail.field}: ${detail.message}`).join("; ");
  const outcome = refuse(row.index, row.key, error);
  return { ...outcome, error: { code: outcome.error?.code ?? "validation_failed", message, details } };
}

/** An accepted row: the message's ids, as the single send answers them. */
export function accepted(row: { index: number; key: string }, sent: SentMessage): BulkOutcome {
  return {
    index: row.index,
    key: row.key,
    status: sent.delivery_status === "scheduled" ? "scheduled" : "queued",
    id: sent.id,
    contact_id: sent.contact_id,
    conversation_id: sent.conversation_id,
  };
}

/** Every row's outcome, by index, as the rows are decided. */
export class BulkOutcomes {
  private readonly byIndex: Array<BulkOutcome | undefined>;

  constructor(size: number) {
    this.byIndex = new Array(size).fill(undefined);
  }

  set(outcome: BulkOutcome): void {
    this.byIndex[outcome.index] = outcome;
  }

  /** The answer: repeated rows share their first row's outcome, at their own index; then the counts. */
  result(repeats: Map<number, number>): BulkSendResult {
    const results = this.byIndex.map((outcome, index) => {
      const shared = outcome ?? this.byIndex[repeats.get(index) ?? -1];
      if (!shared) throw new Error(`bulk row ${index} has no outcome`);
      return { ...shared, index };
    });
    const count = (status: BulkOutcome["status"]) => results.filter((r) => r.status === status).length;
    return { results, queued: count("queued"), scheduled: count("scheduled"), refused: count("refused") };
  }
}
