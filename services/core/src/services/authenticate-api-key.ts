import { UnauthorizedError } from "@relay/domain";
import { findApiKeyByHash, touchApiKey } from "../db/api-keys.js";
import type { CoreDeps } from "../deps.js";
import { hashApiKey } from "./api-key-secret.js";

/** `last_used_at` is refreshed at most this often per key, so busy keys do not write on every call. */
const TOUCH_INTERVAL_MS = 60_000;

/** Who a presented key belongs to. Unknown and disabled keys are the same 401. */
export async function authenticateApiKey(
  deps: Pick<CoreDeps, "db">,
  key: string,
): Promise<{ organization_id: string; api_key_id: string }> {
  const row = await findApiKeyByHash(deps.db, hashApiKey(key));
  if (!row?.enabled) throw new UnauthorizedError();
  const staleBefore = new Date(Date.now() - TOUCH_INTERVAL_MS);
  if (!row.last_used_at || row.last_used_at < staleBefore) await touchApiKey(deps.db, row.id, staleBefore);
  return { organization_id: row.organization_id, api_key_id: row.id };
}
