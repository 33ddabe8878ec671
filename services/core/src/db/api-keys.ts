import type { Pagination } from "@relay/domain";
import { type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { ApiKeyRow, ApiKeysTable, CoreDB } from "./schema.js";

export function insertApiKey(db: Kysely<CoreDB>, row: Insertable<ApiKeysTable>): Promise<ApiKeyRow> {
  return db.insertInto("api_keys").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listApiKeys(
  db: Kysely<CoreDB>,
  organizationId: string,
  page: Pagination,
): Promise<{ rows: ApiKeyRow[]; total: number }> {
  const scoped = db.selectFrom("api_keys").where("organization_id", "=", organizationId);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("created_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

export function updateApiKey(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: string,
  patch: Pick<Updateable<ApiKeysTable>, "name" | "enabled">,
): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable("api_keys")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteApiKey(db: Kysely<CoreDB>, organizationId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("api_keys")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The one lookup that is not scoped by organization: it is how the organization is found. */
export function findApiKeyByHash(db: Kysely<CoreDB>, secretHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom("api_keys").selectAll().where("secret_hash", "=", secretHash).executeTakeFirst();
}

/** Records use, unless it was recorded after `staleBefore` (so a busy key is written rarely). */
export async function touchApiKey(db: Kysely<CoreDB>, id: string, staleBefore: Date): Promise<void> {
  await db
    .updateTable("api_keys")
    .set({ last_used_at: sql`now()` })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", staleBefore)]))
    .execute();
}
