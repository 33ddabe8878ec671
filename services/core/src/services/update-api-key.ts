import { type ApiKey, ApiKeyUpdated, NotFoundError, type UpdateApiKey } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { updateApiKey as updateApiKeyRow } from "../db/api-keys.js";
import type { CoreDeps } from "../deps.js";
import { toApiKey } from "./api-key-view.js";

/** Renames, disables or re-enables a key. A disabled key stops authenticating at once. */
export function updateApiKey(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
  input: UpdateApiKey,
): Promise<ApiKey> {
  return deps.transact(async (trx) => {
    const row = await updateApiKeyRow(trx, organizationId, id, input);
    if (!row) throw new NotFoundError("api key");
    const apiKey = toApiKey(row);
    await enqueue(trx, newEvent(ApiKeyUpdated, organizationId, apiKey));
    return apiKey;
  });
}
