import { type ErrorDetail, ValidationError } from "@relay/domain";

/** Why a valid message may not go to its recipient, as the bulk path reports it per row. */
export type RefusalReason = "opted_out" | "hard_bounced" | "outside_window";

/**
 * A 422 (`validation_failed`, as ever for a single send) that also says which rule refused the
 * recipient, so a bulk row's outcome can name it without reading messages.
 */
export class RecipientRefused extends ValidationError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    details: ErrorDetail[],
  ) {
    super(message, details);
  }

  static about(reason: RefusalReason, field: string, message: string): RecipientRefused {
    return new RecipientRefused(reason, `${field}: ${message}`, [{ field, message }]);
  }
}
