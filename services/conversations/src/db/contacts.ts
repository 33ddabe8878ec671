import { type Kysely, sql } from "kysely";
import type { ContactRow, ConversationsDB } from "./schema.js";

export interface ContactSnapshot {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** Null when the source carries no tags: the stored ones are kept. */
  tags: string[] | null;
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
          tags: sql`coalesce(excluded.tags, contacts.tags)`,
        })
        .where((eb) =>
          eb.and([
            eb("contacts.organization_id", "=", eb.ref("excluded.organization_id")),
            eb("contacts.deleted", "=", false),
            eb("contacts.version", "<=", eb.ref("excluded.version")),
            // Every send and inbound message syncs its contact: an unchanged one is not rewritten.
            sql<boolean>`(contacts.name, contacts.phone, contacts.email, contacts.version, contacts.tags)
              is distinct from (excluded.name, excluded.phone, excluded.email, excluded.version,
                                coalesce(excluded.tags, contacts.tags))`,
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
      tags: null,
    })
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet({ deleted: true, name: null, phone: null, email: null, tags: null })
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

/** A tag renamed (`to`) or deleted (`to` null) in core, applied to every projected contact carrying it. */
export async function retagContacts(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  from: string,
  to: string | null,
): Promise<void> {
  const tags = to === null ? sql`array_remove(tags, ${from})` : sql`array_replace(tags, ${from}, ${to})`;
  await db
    .updateTable("contacts")
    .set({ tags: tags as never })
    .where("organization_id", "=", organizationId)
    .where(sql<boolean>`tags @> array[${from}]::text[]`)
    .execute();
}
