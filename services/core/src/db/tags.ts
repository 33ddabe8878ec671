import type { Pagination, TagFilters } from "@relay/domain";
import { type Insertable, type Kysely, sql } from "kysely";
import { likeContains } from "./contacts-search.js";
import type { CoreDB, TagRow, TagsTable } from "./schema.js";

/** `Kysely` or a `Transaction` (which extends it). */
type Executor = Kysely<CoreDB>;

export function insertTag(db: Executor, row: Insertable<TagsTable>): Promise<TagRow> {
  return db.insertInto("tags").values(row).returningAll().executeTakeFirstOrThrow();
}

/** The catalogue rows of `names`, creating those missing (a contact given a new name creates its tag). */
export async function ensureTags(
  db: Executor,
  organizationId: string,
  names: readonly string[],
): Promise<TagRow[]> {
  if (names.length === 0) return [];
  const unique = [...new Set(names)];
  await db
    .insertInto("tags")
    .values(unique.map((name) => ({ id: crypto.randomUUID(), organization_id: organizationId, name })))
    .onConflict((oc) => oc.columns(["organization_id", "name"]).doNothing())
    .execute();
  return findTagsByNames(db, organizationId, unique);
}

export function findTagsByNames(
  db: Executor,
  organizationId: string,
  names: readonly string[],
): Promise<TagRow[]> {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("tags")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("name", "in", [...new Set(names)])
    .execute();
}

export function findTagsByIds(
  db: Executor,
  organizationId: string,
  ids: readonly string[],
): Promise<TagRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("tags")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "in", [...new Set(ids)])
    .execute();
}

export async function listTags(
  db: Executor,
  organizationId: string,
  filters: TagFilters,
  page: Pagination,
): Promise<{ rows: TagRow[]; total: number }> {
  let scoped = db.selectFrom("tags").where("organization_id", "=", organizationId);
  if (filters.search) scoped = scoped.where("name", "ilike", likeContains(filters.search));
  if (filters.state) scoped = scoped.where("state", "=", filters.state);
  if (filters.system !== undefined) scoped = scoped.where("system_created", "=", filters.system);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("created_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** `forUpdate` locks the row for the rest of the caller's transaction. */
export function findTag(
  db: Executor,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TagRow | undefined> {
  const query = db
    .selectFrom("tags")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export function updateTag(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Partial<Pick<TagRow, "name" | "color" | "type" | "state">>,
): Promise<TagRow | undefined> {
  return db
    .updateTable("tags")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteTag(db: Executor, organizationId: string, id: string): Promise<TagRow | undefined> {
  return db
    .deleteFrom("tags")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

/** Renames (or, with `to` null, removes) a tag on every contact carrying it; how many changed. */
export async function retagContacts(
  db: Executor,
  organizationId: string,
  from: string,
  to: string | null,
): Promise<number> {
  const tags = to === null ? sql`array_remove(tags, ${from})` : sql`array_replace(tags, ${from}, ${to})`;
  const result = await db
    .updateTable("contacts")
    .set({ tags: tags as never, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where(sql<boolean>`tags @> array[${from}]::text[]`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
