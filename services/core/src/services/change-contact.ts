import type { Contact, UpdateContact } from "@relay/domain";
import type { CoreDeps } from "../deps.js";
import { addContactTags, removeContactTag } from "./change-contact-tags.js";
import { getContact } from "./get-contact.js";
import { updateContact } from "./update-contact.js";

/**
 * `rpc.core.contact.change`: the same writes the routes make (fields, tags added, tags taken
 * off), in that order, each with its event when it changed something.
 */
export async function changeContact(
  deps: CoreDeps,
  request: {
    organization_id: string;
    contact_id: string;
    update?: UpdateContact | undefined;
    add_tags?: string[] | undefined;
    remove_tags?: string[] | undefined;
  },
): Promise<Contact> {
  const { organization_id: organizationId, contact_id: contactId } = request;
  let contact: Contact | undefined;
  if (request.update && Object.keys(request.update).length > 0)
    contact = await updateContact(deps, organizationId, contactId, request.update);
  if (request.add_tags?.length)
    contact = await addContactTags(deps, organizationId, contactId, { names: request.add_tags });
  for (const tag of request.remove_tags ?? [])
    contact = await removeContactTag(deps, organizationId, contactId, tag);
  return contact ?? getContact(deps, organizationId, contactId);
}
