import { type Kysely, sql } from "kysely";
import type { ContactRow, ConversationsDB } from "./schema.js";

export interface ContactSnapshot {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** The contact's `updated_at` in core. */
  version: Date;
}

/** Stores a contact unless a newer version of it (or its deletion) is already here. */
export async function upsertContact(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  contact: ContactSnapshot,
): Promise<void> {
  await upsertContacts(db, organizationId, [contact]);
}

/** `upsertContact` for many contacts in one statement, in id order (the rows it locks). Distinct ids only. */
export async function upsertContacts(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  contacts: ContactSnapshot[],
): Promise<void> {
  if (contacts.length === 0) return;
  const sorted = [...contacts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await db
    .insertInto("contacts")
    .values(sorted.map((contact) => ({ ...contact, organization_id: organizationId })))
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet({
          name: (eb) => eb.ref("excluded.name"),
          phone: (eb) => eb.ref("excluded.phone"),
          email: (eb) => eb.ref("excluded.email"),
          version: (eb) => eb.ref("excluded.version"),
        })
        .where((eb) =>
          eb.and([
            eb("contacts.organization_id", "=", eb.ref("excluded.organization_id")),
            eb("contacts.deleted", "=", false),
            eb("contacts.version", "<=", eb.ref("excluded.version")),
            // Every send and inbound message syncs its contact: an unchanged one is not rewritten.
            eb(
              eb.refTuple("contacts.name", "contacts.phone", "contacts.email", "contacts.version"),
              "is distinct from",
              eb.refTuple("excluded.name", "excluded.phone", "excluded.email", "excluded.version"),
            ),
          ]),
        ),
    )
    .execute();
}

/** Leaves a tombstone (without the contact's details), whether or not the contact was known. */
export async function markContactDeleted(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  id: string,
): Promise<void> {
  await db
    .insertInto("contacts")
    .values({
      id,
      organization_id: organizationId,
      deleted: true,
      version: sql`now()`,
      name: null,
      phone: null,
      email: null,
    })
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet({ deleted: true, name: null, phone: null, email: null })
        .where("contacts.organization_id", "=", organizationId),
    )
    .execute();
}

export function findContact(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  id: string,
): Promise<ContactRow | undefined> {
  return db
    .selectFrom("contacts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}
