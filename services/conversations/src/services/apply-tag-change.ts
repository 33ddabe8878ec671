import type { EventOf, TagDeleted, TagUpdated } from "@relay/domain";
import type { Kysely } from "kysely";
import { retagContacts } from "../db/contacts.js";
import type { ConversationsDB } from "../db/schema.js";

/** A tag renamed or deleted in core renames or drops it on the projected contacts (core sends no contact event for it). */
export async function applyTagChange(
  db: Kysely<ConversationsDB>,
  event: EventOf<typeof TagUpdated> | EventOf<typeof TagDeleted>,
): Promise<void> {
  if (event.type === "core.tag.deleted") {
    await retagContacts(db, event.organization_id, event.data.name, null);
    return;
  }
  const { previous_name, name } = event.data;
  if (previous_name !== undefined) await retagContacts(db, event.organization_id, previous_name, name);
}
