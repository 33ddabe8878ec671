import { ContactCreated, ContactDeleted, ContactUpdated, type EventEnvelope } from "@relay/domain";
import { sql } from "kysely";
import { storeAndFanOut } from "../db/fan-out.js";
import type { WebhooksDeps } from "../deps.js";
import { toPublicEvents } from "./public-event.js";

const CONTACT_SEEN = new Set<string>([ContactCreated.subject, ContactUpdated.subject]);

/**
 * A batch of internal events, in stream order: stored as public events with a delivery for each
 * subscribed endpoint of the event's organization (one transaction, so an event acked is an event
 * stored), and core's contacts noted for the timeline's tenancy. Then the dispatcher is woken.
 */
export async function ingestEvents(deps: WebhooksDeps, envelopes: EventEnvelope[]): Promise<void> {
  const events = envelopes.flatMap(toPublicEvents);
  const seen = envelopes.filter((e) => CONTACT_SEEN.has(e.type));
  const gone = envelopes.filter((e) => e.type === ContactDeleted.subject);
  if (events.length === 0 && seen.length === 0 && gone.length === 0) return;
  const created = await deps.db.transaction().execute(async (trx) => {
    const count = await storeAndFanOut(trx, events, deps.now());
    const contactOf = (e: EventEnvelope) => ({
      organization_id: e.organization_id,
      id: (e.data as { id: string }).id,
    });
    if (seen.length > 0) {
      await trx
        .insertInto("known_contacts")
        .values(seen.map(contactOf))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const contact of gone.map(contactOf)) {
      await sql`delete from known_contacts where organization_id = ${contact.organization_id} and id = ${contact.id}`.execute(
        trx,
      );
    }
    return count;
  });
  if (created > 0) deps.wake();
}
