import { type Contact, NotFoundError } from "@relay/domain";
import { findContact } from "../db/contacts.js";
import type { CoreDeps } from "../deps.js";
import { toContact } from "./contact-view.js";
import { catalogFor } from "./tag-view.js";

export async function getContact(deps: CoreDeps, organizationId: string, id: string): Promise<Contact> {
  const row = await findContact(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("contact");
  return toContact(row, await catalogFor(deps.db, organizationId, [row]));
}
