import type { Pagination } from "@relay/domain";
import { type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { CoreDB, UserRow, UsersTable } from "./schema.js";

export function insertUser(db: Kysely<CoreDB>, row: Insertable<UsersTable>): Promise<UserRow> {
  return db.insertInto("users").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listUsers(
  db: Kysely<CoreDB>,
  organizationId: string,
  page: Pagination,
): Promise<{ rows: UserRow[]; total: number }> {
  const scoped = db.selectFrom("users").where("organization_id", "=", organizationId);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

export function findUser(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: number,
): Promise<UserRow | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function updateUser(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: number,
  patch: Pick<Updateable<UsersTable>, "name" | "email" | "role">,
): Promise<UserRow | undefined> {
  return db
    .updateTable("users")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteUser(db: Kysely<CoreDB>, organizationId: string, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom("users")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Which of `ids` are users of the organization; in a transaction they cannot be deleted until it ends. */
export async function existingUserIds(
  db: Kysely<CoreDB>,
  organizationId: string,
  ids: readonly number[],
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("users")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("id", "in", ids)
    .forShare()
    .execute();
  return rows.map((row) => row.id);
}

/** The organization's users among `ids`, in id order. */
export function usersByIds(
  db: Kysely<CoreDB>,
  organizationId: string,
  ids: readonly number[],
): Promise<UserRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "in", ids)
    .orderBy("id")
    .execute();
}
