import type { ContactChange, Message, SequenceTrigger } from "@relay/domain";
import { claimEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { SequencesDB } from "../db/schema.js";
import { sequencesTriggeredBy } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { enrollInTransaction } from "./enroll-contacts.js";
import { matchesKeyword } from "./run-engine.js";

const TAG_CONSUMER = "sequences-tag-triggers";

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
  if (sequences.length === 0) return;
  const now = deps.now();
  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, TAG_CONSUMER, event.id))) return;
    for (const sequence of sequences) {
      await enrollInTransaction(trx, {
        organizationId,
        sequenceId: sequence.id,
        contactIds: [event.data.id],
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
