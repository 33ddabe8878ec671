import type { Pagination } from "@relay/domain";
import { type Insertable, type Kysely, sql, type Transaction } from "kysely";
import type { CoreDB, CustomObjectRecordRow, CustomObjectRecordsTable } from "./schema.js";

/** `Kysely` or a `Transaction` (which extends it). */
type Executor = Kysely<CoreDB>;

export interface RecordFilters {
  custom_object_id?: string;
  contact_id?: string;
  /** Only records associated with some resource. */
  associated?: boolean;
  external_id?: string;
}

/** Serializes the writers of one upsert key (an external id, an associated resource) until commit. */
export async function lockRecordKey(trx: Transaction<CoreDB>, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

export function findRecord(
  db: Executor,
  organizationId: string,
  objectId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CustomObjectRecordRow | undefined> {
  const query = db
    .selectFrom("custom_object_records")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("custom_object_id", "=", objectId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** The record an upsert matches: by external id, else the contact's oldest record of the object. */
export function findRecordToUpsert(
  db: Executor,
  objectId: string,
  match: { external_id: string } | { contact_id: string },
): Promise<CustomObjectRecordRow | undefined> {
  let query = db.selectFrom("custom_object_records").selectAll().where("custom_object_id", "=", objectId);
  query =
    "external_id" in match
      ? query.where("external_id", "=", match.external_id)
      : query.where("contact_id", "=", match.contact_id);
  return query.orderBy("created_at").orderBy("id").limit(1).forUpdate().executeTakeFirst();
}

export function insertRecord(
  db: Executor,
  row: Insertable<CustomObjectRecordsTable>,
): Promise<CustomObjectRecordRow> {
  return db.insertInto("custom_object_records").values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateRecord(
  db: Executor,
  id: string,
  patch: { external_id?: string | null; contact_id?: string | null; properties: string },
): Promise<CustomObjectRecordRow> {
  return db
    .updateTable("custom_object_records")
    .set({ ...patch, updated_at: sql`now()` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether any record of the object holds a value for `key` (a property's type then stays). */
export async function anyRecordHolds(db: Executor, objectId: string, key: string): Promise<boolean> {
  const row = await db
    .selectFrom("custom_object_records")
    .select("id")
    .where("custom_object_id", "=", objectId)
    .where(sql<boolean>`properties ? ${key}`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listRecords(
  db: Executor,
  organizationId: string,
  filters: RecordFilters,
  page: Pagination,
): Promise<{ rows: CustomObjectRecordRow[]; total: number }> {
  let scoped = db.selectFrom("custom_object_records").where("organization_id", "=", organizationId);
  if (filters.custom_object_id) scoped = scoped.where("custom_object_id", "=", filters.custom_object_id);
  if (filters.contact_id) scoped = scoped.where("contact_id", "=", filters.contact_id);
  if (filters.associated) scoped = scoped.where("contact_id", "is not", null);
  if (filters.external_id) scoped = scoped.where("external_id", "=", filters.external_id);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("created_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export interface PropertyValueRow {
  record: CustomObjectRecordRow;
  property_id: string;
  key: string;
  value: unknown;
}

/** One row per (record, property it holds a value for), records oldest first, properties in order. */
export async function listPropertyValues(
  db: Executor,
  organizationId: string,
  filters: RecordFilters & { before?: string; after?: string },
  page: Pagination,
): Promise<{ rows: PropertyValueRow[]; total: number }> {
  let scoped = db
    .selectFrom("custom_object_records as r")
    .innerJoin("custom_properties as p", (join) =>
      join.onRef("p.custom_object_id", "=", "r.custom_object_id").on(sql<boolean>`r.properties ? p.key`),
    )
    .where("r.organization_id", "=", organizationId);
  if (filters.custom_object_id) scoped = scoped.where("r.custom_object_id", "=", filters.custom_object_id);
  if (filters.contact_id) scoped = scoped.where("r.contact_id", "=", filters.contact_id);
  if (filters.associated) scoped = scoped.where("r.contact_id", "is not", null);
  if (filters.before) scoped = scoped.where("r.updated_at", "<", new Date(filters.before));
  if (filters.after) scoped = scoped.where("r.updated_at", ">", new Date(filters.after));
  const [rows, count] = await Promise.all([
    scoped
      .selectAll("r")
      .select([
        "p.id as property_id",
        "p.key as property_key",
        sql<unknown>`r.properties -> p.key`.as("value"),
      ])
      .orderBy("r.created_at")
      .orderBy("r.id")
      .orderBy("p.position")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map(({ property_id, property_key, value, ...record }) => ({
      record,
      property_id,
      key: property_key,
      value,
    })),
    total: Number(count.n),
  };
}
