import type { Subscription } from "@nats-io/transport-node";
import {
  AUDIENCE_PAGE_BYTES,
  type AudienceContact,
  ContactAudiencePage,
  UpsertContactsRequest,
} from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import { audiencePage } from "../db/contacts-audience.js";
import type { CoreDeps } from "../deps.js";
import { upsertContacts } from "../services/upsert-contacts.js";

/** Answers campaigns' questions about contacts: a page of an audience, and inline contacts upserted. */
export function contactAudienceRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, ContactAudiencePage, async (request) => {
      const rows = await audiencePage(deps.db, request.organization_id, request.filter, {
        after: request.after,
        limit: request.limit,
        keys: request.property_keys,
      });
      const contacts: AudienceContact[] = [];
      let bytes = 0;
      for (const row of rows) {
        const contact: AudienceContact = {
          id: row.id,
          ...(row.name !== null && { name: row.name }),
          ...(row.phone !== null && { phone: row.phone }),
          ...(row.email !== null && { email: row.email }),
          ...(row.external_id !== null && { external_id: row.external_id }),
          properties: row.properties,
        };
        bytes += JSON.stringify(contact).length;
        // The page ends early rather than outgrow the bus; at least one contact always travels.
        if (bytes > AUDIENCE_PAGE_BYTES && contacts.length > 0) break;
        contacts.push(contact);
      }
      const more = contacts.length < rows.length || rows.length === request.limit;
      return { contacts, next: more ? (contacts.at(-1)?.id ?? null) : null };
    }),
    reply(bus, deps.logger, UpsertContactsRequest, (request) =>
      upsertContacts(deps, request.organization_id, { contacts: request.contacts }),
    ),
  ];
}
