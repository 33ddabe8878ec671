import type { ConsentSource, ContactChange } from "@relay/domain";
import { claimEvent } from "@relay/service-kit";
import { lockConsents } from "../db/consents.js";
import type { ConversationsDeps } from "../deps.js";
import { applyOptIns } from "./apply-opt-ins.js";
import { syncContact } from "./sync-contact.js";

/**
 * A contact created or updated in core: the projection follows, and the opt-ins the client
 * asked for with it (`opt_in_to`, `opt_in_to_all_channels`) are recorded. Once per event.
 */
export async function applyContactChange(
  deps: Pick<ConversationsDeps, "transact" | "core">,
  event: { id: string; organization_id: string; data: ContactChange },
  consumer: string,
  source: Extract<ConsentSource, "contact_created" | "contact_updated">,
): Promise<void> {
  const organizationId = event.organization_id;
  const contact = event.data;
  const channelIds = (contact.opt_in_to ?? []).map((target) => target.id);
  if (contact.opt_in_to_all_channels) {
    const channels = await deps.core.listChannels({ organization_id: organizationId });
    channelIds.push(...channels.map((channel) => channel.id));
  }
  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    // Consent locks before the contact's row, the order every sender takes them in (decision 18).
    await lockConsents(
      trx,
      channelIds.map((channelId) => ({ organizationId, contactId: contact.id, channelId })),
    );
    await syncContact(trx, organizationId, contact);
    await applyOptIns(trx, { organizationId, contactId: contact.id, channelIds, source });
  });
}
