import { type Channel, type ChannelMatch, LookupChannelsByPhone, ValidationError } from "@relay/domain";
import { type Bus, type ChannelCatalog, request, TtlCache } from "@relay/service-kit";
import type { TwilioAccount } from "../twilio/clients.js";

export interface DirectorySettings {
  ttlMs: number;
  /** Where channels with Twilio credentials are sent. */
  twilioApiUrl: string;
  /** Used for channels whose provider is `sandbox`. */
  sandbox: TwilioAccount;
}

/**
 * Channels from the kit's catalog (this service's projection of core's channel events: a
 * changed send rate or rotated token is in effect within a second), and numbers looked up in
 * core (cached for `ttlMs`) to route webhooks.
 */
export class ChannelDirectory {
  private readonly numbers: TtlCache<ChannelMatch[]>;

  constructor(
    private readonly bus: Bus,
    private readonly catalog: ChannelCatalog,
    private readonly settings: DirectorySettings,
  ) {
    this.numbers = new TtlCache(settings.ttlMs);
  }

  channel(organizationId: string, channelId: string): Promise<Channel> {
    return this.catalog.channel(organizationId, channelId);
  }

  /** The Twilio account a channel sends as; `sandbox` channels use the sandbox account. */
  async account(organizationId: string, channelId: string): Promise<TwilioAccount> {
    const found = await this.catalog.credentials(organizationId, channelId);
    if (found.provider === "sandbox") return this.settings.sandbox;
    if (found.provider !== "twilio") {
      throw ValidationError.field("channel_id", `a ${found.provider} channel cannot carry SMS or calls`);
    }
    return {
      apiUrl: this.settings.twilioApiUrl,
      accountSid: found.credentials.account_sid,
      authToken: found.credentials.auth_token,
    };
  }

  /**
   * Phone channels of any organization on this number (of this Twilio account, when given).
   * "None" is not cached, so a channel created a moment ago is found at once.
   */
  byPhone(phone: string, accountSid?: string): Promise<ChannelMatch[]> {
    return this.numbers.get(
      `${phone}/${accountSid ?? ""}`,
      async () => {
        const found = await request(this.bus, LookupChannelsByPhone, {
          phone,
          type: "phone",
          account_sid: accountSid,
        });
        return found.data;
      },
      (matches) => matches.length > 0,
    );
  }
}
