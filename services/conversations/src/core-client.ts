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
  ResolveChannel,
  type ResolveChannelRequest,
  ResolveContact,
} from "@relay/domain";
import { type Bus, request, TtlCache } from "@relay/service-kit";
import type { z } from "zod";

export type ResolveContactRequest = z.input<typeof ResolveContact.request>;

/** What conversations asks core; errors come back as core's AppErrors (`not_found`, …). */
export interface CoreClient {
  resolveChannel(request: ResolveChannelRequest): Promise<Channel>;
  listChannels(request: ListChannelsRequest): Promise<Channel[]>;
  /** Finds the contact by phone/email, creating it when new. */
  resolveContact(request: ResolveContactRequest): Promise<Contact>;
  getContact(request: GetContactRequest): Promise<Contact>;
  checkAssignee(request: CheckAssigneeRequest): Promise<CheckAssigneeResult>;
}

/**
 * Channel answers are cached for `channelCacheTtlMs` (every send resolves its channel; a channel
 * changed in core is seen here that much later). Failures are never cached.
 */
export function coreClient(bus: Bus, timeoutMs: number, channelCacheTtlMs = 0): CoreClient {
  const channels = new TtlCache<Channel>(channelCacheTtlMs);
  return {
    resolveChannel: (payload) =>
      channels.get(JSON.stringify(payload), () => request(bus, ResolveChannel, payload, timeoutMs)),
    listChannels: async (payload) => (await request(bus, ListChannels, payload, timeoutMs)).data,
    resolveContact: (payload) => request(bus, ResolveContact, payload, timeoutMs),
    getContact: (payload) => request(bus, GetContact, payload, timeoutMs),
    checkAssignee: (payload) => request(bus, CheckAssignee, payload, timeoutMs),
  };
}
