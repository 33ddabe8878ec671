import type { ApiKey } from "@relay/domain";
import type { ApiKeyRow } from "../db/schema.js";

/** Never the secret: only its hash is stored, and only the prefix is shown. */
export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    enabled: row.enabled,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}
