import { type BulkOutcome, ValidationError } from "@relay/domain";
import type { ConversationsDeps } from "../../deps.js";
import { accepted, refuse, refuseRow } from "./bulk-outcome.js";
import type { ReadyRow } from "./bulk-parties.js";
import { keyReused, storedKey } from "./bulk-row.js";

/**
 * Rows that opt the contact in to channels (`opt_in_to`, `opt_in_to_all_channels`) go through
 * the single send, under their key: its opt-ins change consent in the same transaction as the
 * gate reads it, which the batched gate does not model. They are rare in campaigns.
 */
export const goesAlone = (row: ReadyRow) =>
  (row.message.opt_in_to?.length ?? 0) > 0 || row.message.opt_in_to_all_channels === true;

export async function sendAlone(
  deps: ConversationsDeps,
  organizationId: string,
  row: ReadyRow,
): Promise<BulkOutcome> {
  try {
    const sent = await row.send.alone(deps, organizationId, {
      organizationId,
      key: storedKey(row),
      requestHash: row.hash,
    });
    return accepted(row, sent);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // The kit names its header when the key is stored with another row (a concurrent batch).
    if (error.details?.some((detail) => detail.field === "Idempotency-Key"))
      return refuse(row.index, row.key, keyReused(row.index));
    return refuseRow(row, error);
  }
}
