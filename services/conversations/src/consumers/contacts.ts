import { ContactCreated, ContactDeleted, ContactUpdated, TagDeleted, TagUpdated } from "@relay/domain";
import { type Bus, type RunningConsumer, startBatchConsumer, startConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { applyContactChanges } from "../services/apply-contact-opt-ins.js";
import { applyTagChange } from "../services/apply-tag-change.js";
import { forgetContact } from "../services/sync-contact.js";

export const CONTACT_DURABLES = {
  created: "conversations-contact-created",
  updated: "conversations-contact-updated",
  deleted: "conversations-contact-deleted",
  tagUpdated: "conversations-tag-updated",
  tagDeleted: "conversations-tag-deleted",
} as const;

/** Core's contact events: the contacts projection, and the opt-ins contacts are written with. */
export function startContactConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer>[] {
  const common = { bus, logger: deps.logger };
  return [
    // Contacts come in bursts (a bulk send or an import creates thousands): many per transaction.
    startBatchConsumer({
      ...common,
      durable: CONTACT_DURABLES.created,
      event: ContactCreated,
      handleBatch: (events) => applyContactChanges(deps, events, CONTACT_DURABLES.created, "contact_created"),
    }),
    startBatchConsumer({
      ...common,
      durable: CONTACT_DURABLES.updated,
      event: ContactUpdated,
      handleBatch: (events) => applyContactChanges(deps, events, CONTACT_DURABLES.updated, "contact_updated"),
    }),
    startConsumer({
      ...common,
      durable: CONTACT_DURABLES.deleted,
      event: ContactDeleted,
      handle: (event) => forgetContact(deps.db, event.organization_id, event.data.id),
    }),
    // Renaming or deleting a tag changes it on every contact carrying it, with no contact event.
    startConsumer({
      ...common,
      durable: CONTACT_DURABLES.tagUpdated,
      event: TagUpdated,
      handle: (event) => applyTagChange(deps.db, event),
    }),
    startConsumer({
      ...common,
      durable: CONTACT_DURABLES.tagDeleted,
      event: TagDeleted,
      handle: (event) => applyTagChange(deps.db, event),
    }),
  ];
}
