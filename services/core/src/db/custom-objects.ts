import type { Pagination } from "@relay/domain";
import { type Insertable, type Kysely, sql } from "kysely";
import type {
  CoreDB,
  CustomObjectRow,
  CustomObjectsTable,
  CustomPropertiesTable,
  CustomPropertyRow,
} from "./schema.js";

/** `Kysely` or a `Transaction` (which extends it). */
type Executor = Kysely<CoreDB>;

export function insertCustomObject(
  db: Executor,
  row: Insertable<CustomObjectsTable>,
): Promise<CustomObjectRow> {
  return db.insertInto("custom_objects").values(row).returningAll().executeTakeFirstOrThrow();
}

/** `forUpdate` locks the definition for the rest of the caller's transaction. */
export function findCustomObject(
  db: Executor,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CustomObjectRow | undefined> {
  const query = db
    .selectFrom("custom_objects")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function listCustomObjects(
  db: Executor,
  organizationId: string,
  page: Pagination,
): Promise<{ rows: CustomObjectRow[]; total: number }> {
  const scoped = db.selectFrom("custom_objects").where("organization_id", "=", organizationId);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("created_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function updateCustomObject(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Partial<Pick<CustomObjectRow, "key" | "label">>,
): Promise<CustomObjectRow> {
  return db
    .updateTable("custom_objects")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The properties of each object, in the order they were given. */
export function findProperties(db: Executor, objectIds: readonly string[]): Promise<CustomPropertyRow[]> {
  if (objectIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("custom_properties")
    .selectAll()
    .where("custom_object_id", "in", [...new Set(objectIds)])
    .orderBy("custom_object_id")
    .orderBy("position")
    .execute();
}

export function insertProperty(
  db: Executor,
  row: Insertable<CustomPropertiesTable>,
): Promise<CustomPropertyRow> {
  return db.insertInto("custom_properties").values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateProperty(
  db: Executor,
  id: string,
  patch: { label?: string; type?: string; default_value?: string | null; required?: boolean },
): Promise<CustomPropertyRow> {
  return db
    .updateTable("custom_properties")
    .set({ ...patch, updated_at: sql`now()` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
