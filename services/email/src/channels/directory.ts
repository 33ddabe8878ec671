import {
  type Channel,
  type ChannelMatch,
  GetChannelCredentials,
  LookupChannelsByAddress,
  ResolveChannel,
  ValidationError,
} from "@relay/domain";
import { type Bus, request, TtlCache } from "@relay/service-kit";
import type { SmtpSettings } from "../smtp/transports.js";

export interface DirectorySettings {
  ttlMs: number;
  /** Used for channels whose provider is `sandbox`. */
  sandbox: { host: string; port: number };
}

/** Core's answers about channels (by id, their SMTP settings, by address), cached briefly. */
export class ChannelDirectory {
  private readonly channels: TtlCache<Channel>;
  private readonly smtp: TtlCache<SmtpSettings>;
  private readonly addresses: TtlCache<ChannelMatch[]>;

  constructor(
    private readonly bus: Bus,
    private readonly settings: DirectorySettings,
  ) {
    this.channels = new TtlCache(settings.ttlMs);
    this.smtp = new TtlCache(settings.ttlMs);
    this.addresses = new TtlCache(settings.ttlMs);
  }

  channel(organizationId: string, channelId: string): Promise<Channel> {
    return this.channels.get(`${organizationId}/${channelId}`, () =>
      request(this.bus, ResolveChannel, { organization_id: organizationId, id: channelId }),
    );
  }

  /** The SMTP server a channel sends through; `sandbox` channels use the sandbox sink. */
  smtpSettings(organizationId: string, channelId: string): Promise<SmtpSettings> {
    return this.smtp.get(`${organizationId}/${channelId}`, async () => {
      const found = await request(this.bus, GetChannelCredentials, {
        organization_id: organizationId,
        channel_id: channelId,
      });
      if (found.provider === "sandbox") return { ...this.settings.sandbox, secure: false };
      if (found.provider !== "smtp") {
        throw ValidationError.field("channel_id", `a ${found.provider} channel cannot carry email`);
      }
      return found.credentials;
    });
  }

  /** Email channels of any organization on this address; "none" is not cached. */
  byAddress(address: string): Promise<ChannelMatch[]> {
    return this.addresses.get(
      address.toLowerCase(),
      async () => (await request(this.bus, LookupChannelsByAddress, { address })).data,
      (matches) => matches.length > 0,
    );
  }
}
