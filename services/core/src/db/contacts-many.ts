import { type Kysely, sql, type Transaction } from "kysely";
import { type ContactFields, newContactValues } from "./contacts.js";
import type { ContactRow, CoreDB } from "./schema.js";

/** The organization's contacts holding any of these phones (E.164) or emails (case-insensitive), oldest first. */
export function findByPhonesOrEmails(
  db: Kysely<CoreDB>,
  organizationId: string,
  phones: string[],
  emails: string[],
): Promise<ContactRow[]> {
  if (phones.length === 0 && emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("contacts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where((eb) =>
      eb.or([
        ...(phones.length > 0 ? [eb("phone", "=", eb.fn.any(eb.val(phones)))] : []),
        ...(emails.length > 0
          ? [eb(sql`lower(email)`, "=", eb.fn.any(eb.val(emails.map((e) => e.toLowerCase()))))]
          : []),
      ]),
    )
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Inserts new contacts in one statement; rows come back in the order given. */
export async function insertContacts(
  trx: Transaction<CoreDB>,
  rows: Array<{ id: string; organization_id: string } & ContactFields>,
): Promise<ContactRow[]> {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto("contacts")
    .values(rows.map(newContactValues))
    .returningAll()
    .execute();
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return rows.map((row) => {
    const stored = byId.get(row.id);
    if (!stored) throw new Error(`contact ${row.id} was not returned by its insert`);
    return stored;
  });
}
