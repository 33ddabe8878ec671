import {
  type DeliveryReport,
  type EventOf,
  PhoneMessageReceived,
  PhoneMessageStatus,
  SendPhoneMessage,
  type SendSms,
} from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { ConversationsDB, MessageRow } from "../db/schema.js";
import { setConsent } from "../services/set-consent.js";
import type { ChannelPolicy } from "./policy.js";
import { phoneAddressing } from "./send-parties.js";

type Received = EventOf<typeof PhoneMessageReceived>["data"];

/** Twilio's "the recipient has opted out (replied STOP)": the carrier refuses to deliver. */
export const PROVIDER_OPT_OUT_CODES = new Set(["21610"]);

/** Opts the contact out when the carrier reports that they did (Twilio 21610). */
async function recordProviderOptOut(
  trx: Transaction<ConversationsDB>,
  row: MessageRow,
  report: DeliveryReport,
) {
  if (report.error_code === undefined || !PROVIDER_OPT_OUT_CODES.has(report.error_code)) return;
  await setConsent(trx, {
    organizationId: row.organization_id,
    contactId: row.contact_id,
    channelId: row.channel_id,
    optIn: false,
    source: "provider_error",
    detail: [report.error_code, report.error_message].filter(Boolean).join(": "),
    strength: "explicit",
  });
}

/** SMS/MMS over a phone channel: addressed by phone number, no precheck, keywords and automatic replies. */
export const smsPolicy: ChannelPolicy<SendSms, Received> = {
  channelType: "phone",
  messageType: "sms",
  received: PhoneMessageReceived,
  status: PhoneMessageStatus,

  ...phoneAddressing({
    type: "phone",
    notAChannel: "is not the phone number of one of this organization's phone channels",
  }),

  async compose(_trx, _deps, { input, parties }) {
    return {
      from: parties.from,
      to: parties.to,
      ...(input.body?.trim() ? { body: input.body } : {}),
      mediaUrls: input.attachments ?? [],
    };
  },

  command: (row) =>
    newEvent(SendPhoneMessage, row.organization_id, {
      message_id: row.id,
      channel_id: row.channel_id,
      from: row.from_address,
      to: row.to_address,
      ...(row.body !== null && { body: row.body }),
      media_urls: row.media.map((media) => media.url),
    }),

  recheck: async () => undefined,

  senderPhone: (data) => data.from,

  resolveSender: (deps, organizationId, data) =>
    deps.core.resolveContact({ organization_id: organizationId, phone: data.from }),

  inbound: (data, { channel, contact }) => ({
    body: data.body,
    from_address: contact.phone ?? data.from,
    to_address: channel.phone ?? data.to,
    media: data.media,
  }),

  reply: (inbound, body) => ({ from: inbound.to_address, to: inbound.from_address, body, mediaUrls: [] }),

  afterStatus: recordProviderOptOut,
};
