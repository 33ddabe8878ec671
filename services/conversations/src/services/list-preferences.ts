import type { CommunicationPreference } from "@relay/domain";
import { type ChannelScope, inChannelScope } from "@relay/service-kit";
import { listConsents } from "../db/consents.js";
import type { ConversationsDeps } from "../deps.js";
import { toPreference } from "./consent-view.js";
import { requireContact } from "./require-contact.js";

/**
 * The channels the contact has a recorded preference for; a channel never asked about is not
 * listed. An agent (`scope`) sees their channels' only, as in the history.
 */
export async function listPreferences(
  deps: Pick<ConversationsDeps, "db" | "core">,
  organizationId: string,
  contactId: string,
  scope?: ChannelScope,
): Promise<CommunicationPreference[]> {
  await requireContact(deps, organizationId, contactId);
  return (await listConsents(deps.db, organizationId, contactId))
    .filter((consent) => inChannelScope(scope, consent.channel_id))
    .map(toPreference);
}
