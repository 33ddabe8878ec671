import {
  type Channel,
  CheckAssignee,
  type CheckAssigneeRequest,
  type CheckAssigneeResult,
  type Contact,
  GetContact,
  type GetContactRequest,
  ListChannels,
  type ListChannelsRequest,
  type ResolveChannelRequest,
  ResolveContact,
  ResolveContacts,
  type ResolveContactsRequest,
  type ResolveManyResult,
  UpsertContactsRequest,
  type UpsertOutcome,
} from "@relay/domain";
import { type Bus, type ChannelCatalog, request } from "@relay/service-kit";
import type { z } from "zod";

export type ResolveContactRequest = z.input<typeof ResolveContact.request>;

/** What conversations asks core; errors come back as core's AppErrors (`not_found`, …). */
export interface CoreClient {
  resolveChannel(request: ResolveChannelRequest): Promise<Channel>;
  /** The organization's oldest channel of a type (not found when it has none). */
  firstChannel(organizationId: string, type: Channel["type"]): Promise<Channel>;
  listChannels(request: ListChannelsRequest): Promise<Channel[]>;
  /** Finds the contact by phone/email, creating it when new. */
  resolveContact(request: ResolveContactRequest): Promise<Contact>;
  /** `resolveContact` for many (at most `RESOLVE_MANY_SLICE` a call): each item's contact or error, in order. */
  resolveContacts(request: ResolveContactsRequest): Promise<ResolveManyResult[]>;
  getContact(request: GetContactRequest): Promise<Contact>;
  /** One contact upserted as `PUT /v1/contacts/upsert` would (by external_id, phone, then email): its outcome. */
  upsertContact(organizationId: string, row: Record<string, unknown>): Promise<UpsertOutcome>;
  checkAssignee(request: CheckAssigneeRequest): Promise<CheckAssigneeResult>;
}

/**
 * Channels come from `catalog` (this service's projection of core's channel events: a change is
 * in effect within a second; core is asked only for what no event has brought yet). The rest
 * is asked of core each time.
 */
export function coreClient(bus: Bus, timeoutMs: number, catalog: ChannelCatalog): CoreClient {
  return {
    resolveChannel: (payload) =>
      payload.id !== undefined
        ? catalog.channel(payload.organization_id, payload.id)
        : catalog.channelAt(payload.organization_id, payload.address ?? "", payload.type),
    firstChannel: (organizationId, type) => catalog.firstChannel(organizationId, type),
    listChannels: async (payload) => (await request(bus, ListChannels, payload, timeoutMs)).data,
    resolveContact: (payload) => request(bus, ResolveContact, payload, timeoutMs),
    resolveContacts: async (payload) => (await request(bus, ResolveContacts, payload, timeoutMs)).results,
    getContact: (payload) => request(bus, GetContact, payload, timeoutMs),
    async upsertContact(organizationId, row) {
      const answer = await request(
        bus,
        UpsertContactsRequest,
        { organization_id: organizationId, contacts: [row] },
        timeoutMs,
      );
      const outcome = answer.results[0];
      if (!outcome) throw new Error("core answered an upsert without its outcome");
      return outcome;
    },
    checkAssignee: (payload) => request(bus, CheckAssignee, payload, timeoutMs),
  };
}
