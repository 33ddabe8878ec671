import { AppError, NotFoundError } from "@relay/domain";
import { findContact } from "../db/contacts.js";
import type { ConversationsDeps } from "../deps.js";
import { syncContact } from "./sync-contact.js";

/**
 * 404 unless the contact is the organization's. The projection answers; a contact it has not
 * heard of yet (its event is still on the way) is asked of core once and remembered.
 */
export async function requireContact(
  deps: Pick<ConversationsDeps, "db" | "core">,
  organizationId: string,
  id: string,
): Promise<void> {
  const known = await findContact(deps.db, organizationId, id);
  if (known) {
    if (known.deleted) throw new NotFoundError("contact");
    return;
  }
  try {
    const contact = await deps.core.getContact({ organization_id: organizationId, id });
    await syncContact(deps.db, organizationId, contact);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw new NotFoundError("contact");
    throw error;
  }
}
