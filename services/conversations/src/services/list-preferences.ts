import type { CommunicationPreference } from "@relay/domain";
import { listConsents } from "../db/consents.js";
import type { ConversationsDeps } from "../deps.js";
import { toPreference } from "./consent-view.js";
import { requireContact } from "./require-contact.js";

/** The channels the contact has a recorded preference for; a channel never asked about is not listed. */
export async function listPreferences(
  deps: Pick<ConversationsDeps, "db" | "core">,
  organizationId: string,
  contactId: string,
): Promise<CommunicationPreference[]> {
  await requireContact(deps, organizationId, contactId);
  return (await listConsents(deps.db, organizationId, contactId)).map(toPreference);
}
