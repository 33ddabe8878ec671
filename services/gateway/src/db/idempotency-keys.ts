import { type Kysely, sql } from "kysely";
import type { GatewayDB, IdempotencyKeysTable } from "./schema.js";

export type StoredKey = Pick<
  IdempotencyKeysTable,
  "request_hash" | "state" | "status" | "content_type" | "body"
>;

/**
 * Claims `key` for a request, or returns what is stored under it. A claim older than
 * `staleAfterMs` that never completed (its gateway died mid-request) is taken over, and a
 * completed one older than `ttlMs` is forgotten.
 */
export async function claimKey(
  db: Kysely<GatewayDB>,
  row: { organization_id: string; key: string; request_hash: string },
  limits: { ttlMs: number; staleAfterMs: number },
): Promise<{ claimed: true } | { claimed: false; stored: StoredKey }> {
  const claimed = await db
    .insertInto("idempotency_keys")
    .values({ ...row, state: "in_progress" })
    .onConflict((oc) =>
      oc
        .columns(["organization_id", "key"])
        .doUpdateSet({
          request_hash: row.request_hash,
          state: "in_progress",
          status: null,
          content_type: null,
          body: null,
          created_at: sql`now()`,
          completed_at: null,
        })
        .where(({ eb, or }) =>
          or([
            eb(
              "idempotency_keys.created_at",
              "<",
              sql<Date>`now() - ${limits.ttlMs} * interval '1 millisecond'`,
            ),
            eb.and([
              eb("idempotency_keys.state", "=", "in_progress"),
              eb(
                "idempotency_keys.created_at",
                "<",
                sql<Date>`now() - ${limits.staleAfterMs} * interval '1 millisecond'`,
              ),
            ]),
          ]),
        ),
    )
    .returning("key")
    .executeTakeFirst();
  if (claimed) return { claimed: true };
  const stored = await db
    .selectFrom("idempotency_keys")
    .select(["request_hash", "state", "status", "content_type", "body"])
    .where("organization_id", "=", row.organization_id)
    .where("key", "=", row.key)
    .executeTakeFirst();
  // Released between our insert and this read: claim again.
  if (!stored) return claimKey(db, row, limits);
  return { claimed: false, stored };
}

export async function completeKey(
  db: Kysely<GatewayDB>,
  id: { organization_id: string; key: string },
  response: { status: number; content_type: string | null; body: string },
): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({ state: "done", ...response, completed_at: new Date() })
    .where("organization_id", "=", id.organization_id)
    .where("key", "=", id.key)
    .execute();
}

/** Lets the client retry: the request failed on our side, so nothing is remembered. */
export async function releaseKey(db: Kysely<GatewayDB>, id: { organization_id: string; key: string }) {
  await db
    .deleteFrom("idempotency_keys")
    .where("organization_id", "=", id.organization_id)
    .where("key", "=", id.key)
    .where("state", "=", "in_progress")
    .execute();
}

export async function deleteExpiredKeys(db: Kysely<GatewayDB>, ttlMs: number): Promise<number> {
  const result = await db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", sql<Date>`now() - ${ttlMs} * interval '1 millisecond'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
