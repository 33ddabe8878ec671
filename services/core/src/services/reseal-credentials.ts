import { resealInBatches } from "@relay/service-kit";
import { claimChannelsToReseal, storeCredentials } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";

/**
 * Seals every channel's credentials under the current key: plain ones (stored before
 * encryption) and those sealed under a key now in `CREDENTIALS_PREVIOUS_KEYS`. Run at start, in
 * batches locked with SKIP LOCKED, so instances starting together share the rows. The plain
 * value does not change, so nothing else (events, `updated_at`, adapters' caches) does either.
 * Returns how many channels it sealed.
 */
export async function resealCredentials(deps: Pick<CoreDeps, "db" | "credentials">): Promise<number> {
  return resealInBatches(
    deps.db,
    (trx, limit) => claimChannelsToReseal(trx, deps.credentials.currentKeyId, limit),
    (trx, row) =>
      storeCredentials(
        trx,
        row.id,
        deps.credentials.seal(row.id, deps.credentials.open(row.id, row.credentials)),
      ),
  );
}
