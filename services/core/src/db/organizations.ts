import type { Pagination } from "@relay/domain";
import type { Insertable, Kysely } from "kysely";
import type { CoreDB, OrganizationRow, OrganizationsTable } from "./schema.js";

export function insertOrganization(
  db: Kysely<CoreDB>,
  row: Insertable<OrganizationsTable>,
): Promise<OrganizationRow> {
  return db.insertInto("organizations").values(row).returningAll().executeTakeFirstOrThrow();
}

export function findOrganization(db: Kysely<CoreDB>, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listOrganizations(
  db: Kysely<CoreDB>,
  page: Pagination,
): Promise<{ rows: OrganizationRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom("organizations")
      .selectAll()
      .orderBy("created_at")
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom("organizations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}
