import { type BulkOutcome, ValidationError } from "@relay/domain";
import { settleKeys } from "../../db/bulk-keys.js";
import type { ConversationsDeps } from "../../deps.js";
import { consentPairKey, optedOutAmong, optedOutError } from "../consent-check.js";
import { claimRows } from "./bulk-keys.js";
import { accepted, refuseRow } from "./bulk-outcome.js";
import type { ReadyRow } from "./bulk-parties.js";
import { storedKey } from "./bulk-row.js";
import { writeRows } from "./bulk-write.js";

/** Rows per transaction: few transactions, statements well under PostgreSQL's parameter limit. */
export const BULK_CHUNK_SIZE = 250;

/**
 * One transaction for a chunk of rows, in the order every sender locks (decision 18): the rows'
 * keys claimed, then the consent gate for all of them (locks in one statement, sorted; consents
 * read in one query after), the policies' checks under the lock, the writes, and the keys'
 * results. A refused row's key is released: like a refused single send, it stores nothing.
 */
export function sendChunk(
  deps: ConversationsDeps,
  organizationId: string,
  rows: ReadyRow[],
): Promise<BulkOutcome[]> {
  return deps.transact(async (trx) => {
    const outcomes: BulkOutcome[] = [];
    const released: string[] = [];
    const refuse = (row: ReadyRow, error: ValidationError) => {
      outcomes.push(refuseRow(row, error));
      released.push(storedKey(row));
    };
    const claimed = await claimRows(trx, deps, organizationId, rows, outcomes);
    const pair = (row: ReadyRow) =>
      consentPairKey({ contactId: row.parties.contact.id, channelId: row.parties.channel.id });
    const optedOut = await optedOutAmong(
      trx,
      organizationId,
      claimed.map((row) => ({ contactId: row.parties.contact.id, channelId: row.parties.channel.id })),
    );
    const passed: ReadyRow[] = [];
    for (const row of claimed) {
      if (optedOut.has(pair(row))) {
        refuse(row, optedOutError());
        continue;
      }
      try {
        await row.send.precheck(trx, {
          organizationId,
          contactId: row.parties.contact.id,
          channelId: row.parties.channel.id,
        });
        passed.push(row);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        refuse(row, error);
      }
    }
    const written = await writeRows(trx, deps, organizationId, passed);
    // A key stores the single send's answer (`SentMessage`), so either path replays the other's.
    await settleKeys(
      trx,
      organizationId,
      written.map(({ row, sent }) => ({ key: storedKey(row), value: sent })),
      released,
    );
    return [...outcomes, ...written.map(({ row, sent }) => accepted(row, sent))];
  });
}
