import type { Address, BirthDate, Contact, ContactState } from "@relay/domain";
import type { ContactRow } from "../db/schema.js";
import { contactTagsOf, type TagCatalog } from "./tag-view.js";

/**
 * The public contact for a row. Unset (null) fields are left out, as the contract types them
 * non-null. `contact_tags` (Whippy's tag objects) come from the catalogue of the row's tags.
 */
export function toContact(row: ContactRow, catalog: TagCatalog): Contact {
  const contact: Contact = {
    id: row.id,
    properties: row.properties,
    tags: row.tags,
    contact_tags: contactTagsOf(row, catalog),
    state: row.state as ContactState,
    blocked: row.blocked,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
  if (row.phone !== null) contact.phone = row.phone;
  if (row.email !== null) contact.email = row.email;
  if (row.name !== null) contact.name = row.name;
  if (row.external_id !== null) contact.external_id = row.external_id;
  if (row.address !== null) contact.address = row.address as Address;
  if (row.birth_date !== null) contact.birth_date = row.birth_date as BirthDate;
  if (row.language !== null) contact.language = row.language;
  if (row.default_channel_id !== null) contact.default_channel_id = row.default_channel_id;
  return contact;
}
