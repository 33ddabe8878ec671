import {
  type Channel,
  type ChannelMatch,
  LookupChannelsByPhone,
  LookupWhatsAppChannels,
  ValidationError,
} from "@relay/domain";
import { type Bus, type ChannelCatalog, constantTimeEquals, request, TtlCache } from "@relay/service-kit";

/** What a channel sends and verifies webhooks with. */
export interface WhatsAppAccount {
  apiUrl: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface DirectorySettings {
  ttlMs: number;
  /** Where `whatsapp_cloud` channels are sent. */
  apiUrl: string;
  /** Used for `sandbox` channels; their phone-number id is their own number's digits. */
  sandbox: Omit<WhatsAppAccount, "phoneNumberId">;
}

const digits = (phone: string) => phone.replace(/\D/g, "");

/**
 * Channels from the kit's catalog (this service's projection of core's channel events: a
 * rotated token is in effect within a second), and phone-number ids and numbers looked up in
 * core (cached for `ttlMs`; "none" never) to route webhooks.
 */
export class ChannelDirectory {
  private readonly matches: TtlCache<ChannelMatch[]>;

  constructor(
    private readonly bus: Bus,
    private readonly catalog: ChannelCatalog,
    private readonly settings: DirectorySettings,
  ) {
    this.matches = new TtlCache(settings.ttlMs);
  }

  channel(organizationId: string, channelId: string): Promise<Channel> {
    return this.catalog.channel(organizationId, channelId);
  }

  /** The Graph account a channel sends as; `sandbox` channels use the sandbox's. */
  async account(organizationId: string, channelId: string): Promise<WhatsAppAccount> {
    const found = await this.catalog.credentials(organizationId, channelId);
    if (found.provider === "sandbox") {
      const channel = await this.channel(organizationId, channelId);
      return { ...this.settings.sandbox, phoneNumberId: digits(channel.phone ?? "") };
    }
    if (found.provider !== "whatsapp_cloud") {
      throw ValidationError.field("channel_id", `a ${found.provider} channel cannot carry WhatsApp`);
    }
    const { credentials } = found;
    return {
      apiUrl: this.settings.apiUrl,
      phoneNumberId: credentials.phone_number_id,
      accessToken: credentials.access_token,
      appSecret: credentials.app_secret,
      verifyToken: credentials.verify_token,
    };
  }

  /** WhatsApp Cloud channels of any organization holding this Graph phone-number id. */
  byPhoneNumberId(phoneNumberId: string): Promise<ChannelMatch[]> {
    return this.matches.get(
      `id/${phoneNumberId}`,
      async () => (await request(this.bus, LookupWhatsAppChannels, { phone_number_id: phoneNumberId })).data,
      (found) => found.length > 0,
    );
  }

  /** WhatsApp channels of any organization on this display number (digits, as Meta sends it). */
  byDisplayNumber(displayPhoneNumber: string): Promise<ChannelMatch[]> {
    return this.matches.get(
      `number/${displayPhoneNumber}`,
      async () =>
        (
          await request(this.bus, LookupChannelsByPhone, {
            phone: `+${digits(displayPhoneNumber)}`,
            type: "whatsapp",
          })
        ).data,
      (found) => found.length > 0,
    );
  }

  /** Does any WhatsApp channel (or the sandbox) use this webhook verify token? Not cached. */
  async knowsVerifyToken(token: string): Promise<boolean> {
    if (constantTimeEquals(token, this.settings.sandbox.verifyToken)) return true;
    const found = await request(this.bus, LookupWhatsAppChannels, { verify_token: token });
    return found.data.length > 0;
  }
}
