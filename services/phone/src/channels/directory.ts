import {
  type Channel,
  type ChannelMatch,
  GetChannelCredentials,
  LookupChannelsByPhone,
  ResolveChannel,
  ValidationError,
} from "@relay/domain";
import { type Bus, request, TtlCache } from "@relay/service-kit";
import type { TwilioAccount } from "../twilio/clients.js";

export interface DirectorySettings {
  ttlMs: number;
  /** Where channels with Twilio credentials are sent. */
  twilioApiUrl: string;
  /** Used for channels whose provider is `sandbox`. */
  sandbox: TwilioAccount;
}

/**
 * Core's answers about channels (by id, their credentials, by number), cached briefly: a
 * changed send rate or rotated token is picked up within the TTL.
 */
export class ChannelDirectory {
  private readonly channels: TtlCache<Channel>;
  private readonly accounts: TtlCache<TwilioAccount>;
  private readonly numbers: TtlCache<ChannelMatch[]>;

  constructor(
    private readonly bus: Bus,
    private readonly settings: DirectorySettings,
  ) {
    this.channels = new TtlCache(settings.ttlMs);
    this.accounts = new TtlCache(settings.ttlMs);
    this.numbers = new TtlCache(settings.ttlMs);
  }

  channel(organizationId: string, channelId: string): Promise<Channel> {
    return this.channels.get(`${organizationId}/${channelId}`, () =>
      request(this.bus, ResolveChannel, { organization_id: organizationId, id: channelId }),
    );
  }

  /** The Twilio account a channel sends as; `sandbox` channels use the sandbox account. */
  account(organizationId: string, channelId: string): Promise<TwilioAccount> {
    return this.accounts.get(`${organizationId}/${channelId}`, async () => {
      const found = await request(this.bus, GetChannelCredentials, {
        organization_id: organizationId,
        channel_id: channelId,
      });
      if (found.provider === "sandbox") return this.settings.sandbox;
      if (found.provider !== "twilio") {
        throw ValidationError.field("channel_id", `a ${found.provider} channel cannot carry SMS or calls`);
      }
      return {
        apiUrl: this.settings.twilioApiUrl,
        accountSid: found.credentials.account_sid,
        authToken: found.credentials.auth_token,
      };
    });
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
