import { ApiKeyCreated, type IssuedApiKey } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { insertApiKey } from "../db/api-keys.js";
import type { CoreDB } from "../db/schema.js";
import { newApiKeySecret } from "./api-key-secret.js";
import { toApiKey } from "./api-key-view.js";

/** Stores a new key for an existing organization and announces it (without its secret). */
export async function issueApiKey(
  trx: Transaction<CoreDB>,
  organizationId: string,
  name: string,
): Promise<IssuedApiKey> {
  const { key, prefix, secretHash } = newApiKeySecret();
  const row = await insertApiKey(trx, {
    id: crypto.randomUUID(),
    organization_id: organizationId,
    name,
    prefix,
    secret_hash: secretHash,
  });
  const apiKey = toApiKey(row);
  await enqueue(trx, newEvent(ApiKeyCreated, organizationId, apiKey));
  return { ...apiKey, key };
}
