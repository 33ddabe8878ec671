import type { ContactChange, CustomEvent, Message, SequenceTrigger } from "@relay/domain";
import { claimEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { SequencesDB } from "../db/schema.js";
import { sequencesTriggeredBy } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { enrollInTransaction } from "./enroll-contacts.js";
import { matchesKeyword } from "./run-engine.js";

const TAG_CONSUMER = "sequences-tag-triggers";
const CUSTOM_EVENT_CONSUMER = "sequences-custom-event-triggers";

/** The ids of the tags a contact change added, read from the contact's `contact_tags` by name. */
function addedTagIds(contact: ContactChange): string[] {
  const added = new Set(contact.tags_added ?? []);
  return (contact.contact_tags ?? []).filter((ct) => added.has(ct.tag.name)).map((ct) => ct.tag_id);
}

/**
 * A contact that gained a tag (or was created with it) enters every active sequence with a
 * `tag_added` trigger on it, once per event (the inbox), re-entry rules applied.
 */
export async function fireTagTriggers(
  deps: SequencesDeps,
  event: { id: string; organization_id: string; data: ContactChange },
): Promise<void> {
  const tagIds = addedTagIds(event.data);
  if (tagIds.length === 0) return;
  const organizationId = event.organization_id;
  const sequences = await sequencesTriggeredBy(deps.db, organizationId, { type: "tag_added", tagIds });
  await enrollOnce(deps, TAG_CONSUMER, event, sequences, [event.data.id]);
}

/**
 * A custom event (`POST /custom_events`) enters each of the organization's contacts among its associated resources
 * into every active sequence with a `custom_event` trigger of its name, once per event.
 */
export async function fireCustomEventTriggers(
  deps: SequencesDeps,
  event: { id: string; organization_id: string; data: CustomEvent },
): Promise<void> {
  const named = [
    ...new Set(event.data.associated_resources.filter((r) => r.resource === "contact").map((r) => r.id)),
  ];
  // The event's sender names the contacts: only the organization's own are enrolled.
  const found = await Promise.all(named.map((id) => deps.contacts.get(event.organization_id, id)));
  const contactIds = named.filter((_, index) => found[index] !== null);
  if (contactIds.length === 0) return;
  const sequences = await sequencesTriggeredBy(deps.db, event.organization_id, {
    type: "custom_event",
    event: event.data.event,
  });
  await enrollOnce(deps, CUSTOM_EVENT_CONSUMER, event, sequences, contactIds);
}

/** Enrolls the contacts in the sequences in one transaction, once per event (the inbox), re-entry applied. */
async function enrollOnce(
  deps: SequencesDeps,
  consumer: string,
  event: { id: string; organization_id: string },
  sequences: { id: string }[],
  contactIds: string[],
) {
  if (sequences.length === 0) return;
  const now = deps.now();
  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    for (const sequence of sequences) {
      await enrollInTransaction(trx, {
        organizationId: event.organization_id,
        sequenceId: sequence.id,
        contactIds,
        startAt: now,
        now,
      });
    }
  });
}

const firesOn = (trigger: SequenceTrigger, message: Message): boolean =>
  trigger.type === "keyword" &&
  (trigger.channel_id === undefined || trigger.channel_id === message.channel_id) &&
  matchesKeyword(message.body ?? "", trigger.keywords);

/**
 * An inbound message that is a trigger's keyword enters its sender into the sequence, inside the
 * transaction that applied the message to the sender's runs (after them: a run it starts is not
 * stopped by the very message that started it).
 */
export async function fireKeywordTriggers(
  trx: Transaction<SequencesDB>,
  message: Message,
  organizationId: string,
  now: Date,
): Promise<void> {
  const sequences = await sequencesTriggeredBy(trx, organizationId, { type: "keyword" });
  for (const sequence of sequences) {
    if (!(sequence.settings.triggers ?? []).some((trigger) => firesOn(trigger, message))) continue;
    await enrollInTransaction(trx, {
      organizationId,
      sequenceId: sequence.id,
      contactIds: [message.contact_id],
      startAt: now,
      now,
    });
  }
}
