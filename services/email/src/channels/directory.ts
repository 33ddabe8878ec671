import { type Channel, type ChannelMatch, LookupChannelsByAddress, ValidationError } from "@relay/domain";
import { type Bus, type ChannelCatalog, request, TtlCache } from "@relay/service-kit";
import type { SmtpSettings } from "../smtp/transports.js";

export interface DirectorySettings {
  ttlMs: number;
  /** Used for channels whose provider is `sandbox`. */
  sandbox: { host: string; port: number };
}

/**
 * Channels from the kit's catalog (this service's projection of core's channel events), and
 * addresses looked up in core (cached for `ttlMs`) to route inbound mail.
 */
export class ChannelDirectory {
  private readonly addresses: TtlCache<ChannelMatch[]>;

  constructor(
    private readonly bus: Bus,
    private readonly catalog: ChannelCatalog,
    private readonly settings: DirectorySettings,
  ) {
    this.addresses = new TtlCache(settings.ttlMs);
  }

  channel(organizationId: string, channelId: string): Promise<Channel> {
    return this.catalog.channel(organizationId, channelId);
  }

  /** The SMTP server a channel sends through; `sandbox` channels use the sandbox sink. */
  async smtpSettings(organizationId: string, channelId: string): Promise<SmtpSettings> {
    const found = await this.catalog.credentials(organizationId, channelId);
    if (found.provider === "sandbox") return { ...this.settings.sandbox, secure: false };
    if (found.provider !== "smtp") {
      throw ValidationError.field("channel_id", `a ${found.provider} channel cannot carry email`);
    }
    return found.credentials;
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
