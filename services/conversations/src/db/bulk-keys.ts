import { type Kysely, sql, type Transaction } from "kysely";
import type { ConversationsDB } from "./schema.js";

/**
 * The bulk path's per-row keys, kept in the kit's `idempotency_results` as `Idempotency-Key`s are
 * (decision 28), many per statement. Stored keys carry a prefix, so they never meet request keys.
 */
export interface StoredKey {
  key: string;
  request_hash: string;
  /** `{value}` as the kit stores it; null only while the claiming transaction runs. */
  result: { value: unknown } | null;
}

const fresh = (ttlMs: number) => sql`now() - ${ttlMs} * interval '1 millisecond'`;

/** The results stored under these keys within the TTL. */
export async function findStoredKeys(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  keys: string[],
  ttlMs: number,
): Promise<Map<string, StoredKey>> {
  if (keys.length === 0) return new Map();
  const { rows } = await sql<StoredKey>`
    select key, request_hash, result from idempotency_results
    where organization_id = ${organizationId} and key = any(${keys}::text[]) and created_at >= ${fresh(ttlMs)}`.execute(
    db,
  );
  return new Map(rows.map((row) => [row.key, row]));
}

/**
 * Claims the keys for this transaction, in the order given (callers sort them), as the kit claims
 * one: a key another transaction holds is waited for; a key stored within the TTL is not claimed.
 * Returns the claimed keys.
 */
export async function claimKeys(
  trx: Transaction<ConversationsDB>,
  organizationId: string,
  claims: Array<{ key: string; hash: string }>,
  ttlMs: number,
): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const { rows } = await sql<{ key: string }>`
    insert into idempotency_results as r (organization_id, key, request_hash)
    select ${organizationId}, c.key, c.hash
    from unnest(${claims.map((c) => c.key)}::text[], ${claims.map((c) => c.hash)}::text[])
      with ordinality as c(key, hash, position)
    order by c.position
    on conflict (organization_id, key) do update
      set request_hash = excluded.request_hash, result = null, created_at = now()
      where r.created_at < ${fresh(ttlMs)}
    returning key`.execute(trx);
  return new Set(rows.map((row) => row.key));
}

/** Stores the accepted rows' results and releases the refused rows' claims (a refusal stores nothing), in one statement. */
export async function settleKeys(
  trx: Transaction<ConversationsDB>,
  organizationId: string,
  stored: Array<{ key: string; value: unknown }>,
  released: string[],
): Promise<void> {
  if (stored.length === 0 && released.length === 0) return;
  const results = JSON.stringify(stored.map(({ key, value }) => ({ key, result: { value } })));
  await sql`
    with stored as (
      update idempotency_results r set result = v.result
      from jsonb_to_recordset(${results}::jsonb) as v(key text, result jsonb)
      where r.organization_id = ${organizationId} and r.key = v.key
      returning 1
    ), released as (
      delete from idempotency_results
      where organization_id = ${organizationId} and key = any(${released}::text[])
      returning 1
    )
    select (select count(*) from stored) as stored, (select count(*) from released) as released`.execute(trx);
}
