import type { Address, BirthDate } from "@relay/domain";
import { type Kysely, sql, type Transaction } from "kysely";
import type { ContactRow, CoreDB } from "./schema.js";

/** The writable columns, with JSON columns as values (serialized here, not by callers). */
export interface ContactFields {
  phone: string | null;
  email: string | null;
  name: string | null;
  external_id: string | null;
  address: Address | null;
  birth_date: BirthDate | null;
  language: string | null;
  default_channel_id: string | null;
  properties: Record<string, unknown>;
  tags: string[];
  state: string;
  blocked: boolean;
}

export type IdentifierField = "external_id" | "phone" | "email";
export type Identifiers = Partial<Record<IdentifierField, string>>;

/** `Kysely` or a `Transaction` (which extends it). */
type Executor = Kysely<CoreDB>;

function columns(fields: Partial<ContactFields>) {
  const { address, birth_date, properties, ...rest } = fields;
  return {
    ...rest,
    ...(address !== undefined && { address: address === null ? null : JSON.stringify(address) }),
    ...(birth_date !== undefined && { birth_date: birth_date === null ? null : JSON.stringify(birth_date) }),
    ...(properties !== undefined && { properties: JSON.stringify(properties) }),
  };
}

export function findContact(
  db: Executor,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ContactRow | undefined> {
  const query = db
    .selectFrom("contacts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Contacts holding any of the identifiers (email compared case-insensitively), locked for update. */
export async function findByIdentifiers(
  db: Executor,
  organizationId: string,
  keys: Identifiers,
  options: { excludeId?: string; forUpdate?: boolean } = {},
): Promise<ContactRow[]> {
  const { external_id, phone, email } = keys;
  if (external_id === undefined && phone === undefined && email === undefined) return [];
  let query = db
    .selectFrom("contacts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where((eb) =>
      eb.or([
        ...(external_id === undefined ? [] : [eb("external_id", "=", external_id)]),
        ...(phone === undefined ? [] : [eb("phone", "=", phone)]),
        ...(email === undefined ? [] : [eb(sql`lower(email)`, "=", email.toLowerCase())]),
      ]),
    );
  if (options.excludeId) query = query.where("id", "!=", options.excludeId);
  if (options.forUpdate) query = query.forUpdate();
  return query.orderBy("created_at").orderBy("id").execute();
}

/** A new contact's row as inserted: JSON columns as text, both timestamps the statement's. */
export function newContactValues(row: { id: string; organization_id: string } & ContactFields) {
  // statement_timestamp, not now(): rows inserted by one transaction (upsert) keep their order.
  const at = sql<Date>`statement_timestamp()`;
  return {
    ...row,
    address: row.address === null ? null : JSON.stringify(row.address),
    birth_date: row.birth_date === null ? null : JSON.stringify(row.birth_date),
    properties: JSON.stringify(row.properties),
    created_at: at,
    updated_at: at,
  };
}

export async function insertContact(
  db: Executor,
  row: { id: string; organization_id: string } & ContactFields,
): Promise<ContactRow> {
  return db.insertInto("contacts").values(newContactValues(row)).returningAll().executeTakeFirstOrThrow();
}

/** `insertContact` unless a contact already holds one of its phone, email or external id. */
export function insertContactOnce(
  db: Executor,
  row: { id: string; organization_id: string } & ContactFields,
): Promise<ContactRow | undefined> {
  return db
    .insertInto("contacts")
    .values(newContactValues(row))
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateContact(
  db: Executor,
  organizationId: string,
  id: string,
  changes: Partial<ContactFields>,
): Promise<ContactRow | undefined> {
  return db
    .updateTable("contacts")
    .set({ ...columns(changes), updated_at: sql`statement_timestamp()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteContact(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom("contacts")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
  return deleted !== undefined;
}

const UNIQUE_INDEXES: Record<string, IdentifierField> = {
  contacts_org_phone_key: "phone",
  contacts_org_email_key: "email",
  contacts_org_external_id_key: "external_id",
};

/**
 * Serializes the transactions that write the same identifiers: one transaction-scoped advisory
 * lock per identifier, all taken in one statement in sorted order, so two writers never wait
 * on each other in opposite orders. Call before looking the identifiers up.
 */
export async function lockIdentifiers(
  trx: Transaction<CoreDB>,
  organizationId: string,
  keys: Identifiers[],
): Promise<void> {
  const names = new Set<string>();
  for (const key of keys) {
    for (const [field, value] of Object.entries(key)) {
      if (value !== undefined) names.add(`contact:${organizationId}:${field}:${value.toLowerCase()}`);
    }
  }
  if (names.size === 0) return;
  // Volatile functions in the select list run after ORDER BY, so locks are taken in key order.
  await sql`
    select pg_advisory_xact_lock(key)
    from (select distinct hashtextextended(name, 0) as key from unnest(${[...names]}::text[]) as name) as keys
    order by key`.execute(trx);
}

/** A deadlock or serialization failure: the whole transaction may simply be run again. */
export function isTransient(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "40P01" || code === "40001";
}

/** The identifier a unique-violation error is about, if it is one of ours. */
export function duplicateField(error: unknown): IdentifierField | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code !== "23505" || typeof constraint !== "string") return undefined;
  return UNIQUE_INDEXES[constraint];
}

/** Runs `work` in a savepoint: when it throws, only its own writes are undone, and the error rethrown. */
export async function inSavepoint<T>(trx: Transaction<CoreDB>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint contact_row`.execute(trx);
  try {
    const result = await work();
    await sql`release savepoint contact_row`.execute(trx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint contact_row`.execute(trx);
    await sql`release savepoint contact_row`.execute(trx);
    throw error;
  }
}
