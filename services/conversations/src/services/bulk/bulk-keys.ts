import { type BulkOutcome, SentMessage } from "@relay/domain";
import type { Transaction } from "kysely";
import { claimKeys, findStoredKeys, type StoredKey } from "../../db/bulk-keys.js";
import type { ConversationsDB } from "../../db/schema.js";
import type { ConversationsDeps } from "../../deps.js";
import { accepted, type BulkOutcomes, refuse } from "./bulk-outcome.js";
import { type BulkRow, keyReused, storedKey } from "./bulk-row.js";

/**
 * What a stored key answers for a row: its outcome again (same row), a refusal (another row),
 * or nothing yet while the batch that claimed it still runs (the row's chunk waits for it).
 */
function answerOf(row: BulkRow, stored: StoredKey): BulkOutcome | undefined {
  if (!stored.result) return undefined;
  if (stored.request_hash !== row.hash) return refuse(row.index, row.key, keyReused(row.index));
  return accepted(row, SentMessage.parse(stored.result.value));
}

/** Rows an earlier batch already sent answer its outcome (one query); the others are returned. */
export async function answerStored<R extends BulkRow>(
  deps: ConversationsDeps,
  organizationId: string,
  rows: R[],
  outcomes: BulkOutcomes,
): Promise<R[]> {
  const stored = await findStoredKeys(deps.db, organizationId, rows.map(storedKey), deps.idempotencyTtlMs);
  return rows.filter((row) => {
    const found = stored.get(storedKey(row));
    const answer = found && answerOf(row, found);
    if (answer) outcomes.set(answer);
    return answer === undefined;
  });
}

/**
 * Claims the chunk's keys in this transaction (sorted: two batches sharing keys take them in one
 * order). A key another transaction holds is waited for, then answered from what it stored.
 * Returns the claimed rows; the others' outcomes are pushed to `decided`.
 */
export async function claimRows<R extends BulkRow>(
  trx: Transaction<ConversationsDB>,
  deps: ConversationsDeps,
  organizationId: string,
  rows: R[],
  decided: BulkOutcome[],
): Promise<R[]> {
  const claims = rows
    .map((row) => ({ key: storedKey(row), hash: row.hash }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const claimed = await claimKeys(trx, organizationId, claims, deps.idempotencyTtlMs);
  const taken = rows.filter((row) => !claimed.has(storedKey(row)));
  if (taken.length > 0) {
    const stored = await findStoredKeys(trx, organizationId, taken.map(storedKey), deps.idempotencyTtlMs);
    for (const row of taken) {
      const found = stored.get(storedKey(row));
      const answer = found && answerOf(row, found);
      if (!answer) throw new Error(`bulk key ${row.key} was committed without its result`);
      decided.push(answer);
    }
  }
  return rows.filter((row) => claimed.has(storedKey(row)));
}
