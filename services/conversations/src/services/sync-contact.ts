import type { Contact } from "@relay/domain";
import type { Kysely } from "kysely";
import { markContactDeleted, upsertContact } from "../db/contacts.js";
import type { ConversationsDB } from "../db/schema.js";

/** Keeps the contacts projection (search, tenancy checks) up to date; older versions are ignored. */
export async function syncContact(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  contact: SnapshotSource,
): Promise<void> {
  await upsertContact(db, organizationId, contactSnapshot(contact));
}

/** A contact as core's events and lookups carry it (lookups of many contacts carry no tags). */
type SnapshotSource = Pick<Contact, "id" | "name" | "phone" | "email" | "updated_at"> & { tags?: string[] };

/** What the projection keeps of a contact. */
export function contactSnapshot(contact: SnapshotSource) {
  return {
    id: contact.id,
    name: contact.name ?? null,
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    tags: contact.tags ?? null,
    version: new Date(contact.updated_at),
  };
}

/** A deleted contact stays deleted here, even if an older update arrives later. */
export async function forgetContact(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  id: string,
): Promise<void> {
  await markContactDeleted(db, organizationId, id);
}
