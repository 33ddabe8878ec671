import type { ConsentSource, ContactChange } from "@relay/domain";
import { claimEvent, claimEvents } from "@relay/service-kit";
import { lockConsents } from "../db/consents.js";
import { type ContactSnapshot, upsertContacts } from "../db/contacts.js";
import type { ConversationsDeps } from "../deps.js";
import { applyOptIns } from "./apply-opt-ins.js";
import { contactSnapshot, syncContact } from "./sync-contact.js";

type ContactEvent = { id: string; organization_id: string; data: ContactChange };

const asksForOptIns = (contact: ContactChange) =>
  (contact.opt_in_to?.length ?? 0) > 0 || contact.opt_in_to_all_channels === true;

/**
 * `applyContactChange` for a burst (a bulk send to new numbers creates thousands of contacts):
 * events that ask for no opt-ins update the projection together, one transaction and one
 * statement per organization (each contact at its newest version of the burst); the others go
 * one by one, since their consent locks come first.
 */
export async function applyContactChanges(
  deps: Pick<ConversationsDeps, "transact" | "core">,
  events: ContactEvent[],
  consumer: string,
  source: Extract<ConsentSource, "contact_created" | "contact_updated">,
): Promise<void> {
  const plain = events.filter((event) => !asksForOptIns(event.data));
  if (plain.length > 0) {
    await deps.transact(async (trx) => {
      const fresh = await claimEvents(
        trx,
        consumer,
        plain.map((event) => event.id),
      );
      const byOrganization = new Map<string, Map<string, ContactSnapshot>>();
      for (const event of plain) {
        if (!fresh.has(event.id)) continue;
        const snapshots = byOrganization.get(event.organization_id) ?? new Map<string, ContactSnapshot>();
        const snapshot = contactSnapshot(event.data);
        const held = snapshots.get(snapshot.id);
        if (!held || held.version <= snapshot.version) snapshots.set(snapshot.id, snapshot);
        byOrganization.set(event.organization_id, snapshots);
      }
      for (const [organizationId, snapshots] of byOrganization)
        await upsertContacts(trx, organizationId, [...snapshots.values()]);
    });
  }
  for (const event of events)
    if (asksForOptIns(event.data)) await applyContactChange(deps, event, consumer, source);
}

/**
 * A contact created or updated in core: the projection follows, and the opt-ins the client
 * asked for with it (`opt_in_to`, `opt_in_to_all_channels`) are recorded. Once per event.
 */
export async function applyContactChange(
  deps: Pick<ConversationsDeps, "transact" | "core">,
  event: ContactEvent,
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
