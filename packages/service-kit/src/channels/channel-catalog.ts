import {
  type Channel,
  type ChannelCredentials,
  GetChannelCredentials,
  ListChannels,
  NotFoundError,
  ResolveChannel,
} from "@relay/domain";
import type { QueryExecutorProvider } from "kysely";
import type { z } from "zod";
import type { Bus } from "../nats.js";
import { request } from "../request-reply.js";
import { TtlCache } from "../ttl-cache.js";
import { findChannel, findChannelByAddress, findFirstChannel, storeChannel } from "./channel-store.js";

export interface ChannelCatalogOptions {
  db: QueryExecutorProvider;
  bus: Bus;
  /** How long a projection read is trusted in memory: a change is in effect within this. */
  freshMs?: number;
  rpcTimeoutMs?: number;
}

/** Addresses the projection can match as they are: E.164 numbers and email addresses. */
const NORMALIZED = /^\+\d{6,15}$|@/;

/**
 * Channels as this service knows them: read from its projection of core's channel events
 * (kept briefly in memory), asking core only for a channel no event has brought yet (it is
 * then stored, so it is fetched once) or for an address written in a local format. Credentials
 * are asked for and kept until the channel's version changes.
 */
export class ChannelCatalog {
  private readonly byId: TtlCache<Channel>;
  private readonly byAddress: TtlCache<Channel>;
  private readonly secrets = new Map<string, { version: string; credentials: Promise<ChannelCredentials> }>();
  private readonly rpcTimeoutMs: number;

  constructor(private readonly options: ChannelCatalogOptions) {
    this.byId = new TtlCache(options.freshMs ?? 500, 20_000);
    this.byAddress = new TtlCache(options.freshMs ?? 500, 20_000);
    this.rpcTimeoutMs = options.rpcTimeoutMs ?? 5_000;
  }

  /** The organization's channel `id`; not found when it is not theirs or was deleted. */
  channel(organizationId: string, id: string): Promise<Channel> {
    return this.byId.get(`${organizationId}/${id}`, async () => {
      const known = await findChannel(this.options.db, organizationId, id);
      if (known?.deleted) throw new NotFoundError("channel");
      if (known) return known.channel;
      return this.fetch({ organization_id: organizationId, id });
    });
  }

  /** The organization's channel on `address` (a phone number of `type`, or an email address). */
  channelAt(organizationId: string, address: string, type?: Channel["type"]): Promise<Channel> {
    return this.byAddress.get(`${organizationId}/${type ?? ""}/${address}`, async () => {
      if (NORMALIZED.test(address)) {
        const found = await findChannelByAddress(this.options.db, organizationId, address, type);
        if (found) return found;
      }
      // Core reads local formats ("(415) 555-0100") in the organization's country.
      return this.fetch({ organization_id: organizationId, address, ...(type && { type }) });
    });
  }

  /** The organization's oldest channel of `type` (the projection's, else core's); not found when it has none. */
  async firstChannel(organizationId: string, type: Channel["type"]): Promise<Channel> {
    const found = await findFirstChannel(this.options.db, organizationId, type);
    if (found) return found;
    // A channel created a moment ago may not have reached the projection yet: core knows.
    const { data } = await request(
      this.options.bus,
      ListChannels,
      { organization_id: organizationId, type },
      this.rpcTimeoutMs,
    );
    const oldest = data[0];
    if (!oldest) throw new NotFoundError("channel");
    await storeChannel(this.options.db, organizationId, oldest);
    return oldest;
  }

  /** The channel's provider and secrets, asked again whenever the channel's version moves. */
  async credentials(organizationId: string, channelId: string): Promise<ChannelCredentials> {
    const channel = await this.channel(organizationId, channelId);
    const key = `${organizationId}/${channelId}`;
    const held = this.secrets.get(key);
    if (held?.version === channel.updated_at) return held.credentials;
    const credentials = request(
      this.options.bus,
      GetChannelCredentials,
      { organization_id: organizationId, channel_id: channelId },
      this.rpcTimeoutMs,
    );
    this.secrets.set(key, { version: channel.updated_at, credentials });
    credentials.catch(() => this.secrets.delete(key));
    if (this.secrets.size > 20_000) this.secrets.clear();
    return credentials;
  }

  private async fetch(payload: z.input<typeof ResolveChannel.request>): Promise<Channel> {
    const channel = await request(this.options.bus, ResolveChannel, payload, this.rpcTimeoutMs);
    await storeChannel(this.options.db, payload.organization_id, channel);
    return channel;
  }
}
