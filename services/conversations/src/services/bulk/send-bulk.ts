import type { BulkSendResult } from "@relay/domain";
import type { ConversationsDeps } from "../../deps.js";
import { goesAlone, sendAlone } from "./bulk-alone.js";
import { BULK_CHUNK_SIZE, sendChunk } from "./bulk-chunk.js";
import { answerStored } from "./bulk-keys.js";
import { BulkOutcomes } from "./bulk-outcome.js";
import { resolveBulkParties } from "./bulk-parties.js";
import { readRows } from "./bulk-row.js";

/**
 * `POST /messaging/bulk`: up to 1,000 messages through the one send pipeline, each row with its
 * own outcome and key. Rows are parsed alone; rows an earlier batch sent answer that outcome;
 * channels and contacts are found for all at once (the projection first, core for the rest);
 * then a few transactions of up to 250 rows each pass the consent gate and are written with
 * multi-row statements. Outcomes come back in the order of the rows. See decision 33.
 */
export async function sendBulk(
  deps: ConversationsDeps,
  organizationId: string,
  raws: unknown[],
): Promise<BulkSendResult> {
  const outcomes = new BulkOutcomes(raws.length);
  const { rows, repeats } = readRows(raws, outcomes);
  const unsent = await answerStored(deps, organizationId, rows, outcomes);
  const ready = await resolveBulkParties(deps, organizationId, unsent, outcomes);
  // Opt-in rows first, one by one: their consent changes are in effect for the rows after them.
  for (const row of ready.filter(goesAlone)) outcomes.set(await sendAlone(deps, organizationId, row));
  const batched = ready.filter((row) => !goesAlone(row));
  for (let i = 0; i < batched.length; i += BULK_CHUNK_SIZE) {
    const chunk = batched.slice(i, i + BULK_CHUNK_SIZE);
    for (const outcome of await sendChunk(deps, organizationId, chunk)) outcomes.set(outcome);
  }
  return outcomes.result(repeats);
}
