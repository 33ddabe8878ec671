import {
  type EventOf,
  type SendWhatsApp,
  type WhatsAppDetails,
  WhatsAppMessageReceived,
  WhatsAppMessageStatus,
} from "@relay/domain";
import {
  assertWithinWindow,
  mediaTypeOf,
  OUTSIDE_WINDOW_ERROR_CODE,
  OUTSIDE_WINDOW_MESSAGE,
  withinWindow,
} from "../services/whatsapp-window.js";
import type { ChannelPolicy } from "./policy.js";
import { phoneAddressing } from "./send-parties.js";
import { whatsAppCommand } from "./whatsapp-command.js";

type Received = EventOf<typeof WhatsAppMessageReceived>["data"];

/** Template, media (the first attachment; `body` is its caption) or text. */
function detailsOf(input: SendWhatsApp): WhatsAppDetails {
  if (input.template) return { kind: "template", template: input.template };
  const url = input.attachments?.[0];
  if (url !== undefined) return { kind: "media", media_type: mediaTypeOf(url) };
  return { kind: "text" };
}

/** `+` and the digits: how Meta's `wa_id` becomes the E.164 number contacts are found by. */
const e164 = (waId: string) => `+${waId.replace(/\D/g, "")}`;

/**
 * WhatsApp: addressed by phone number; free-form (text, media) only within 24 hours of the
 * contact's last inbound message on the channel, at send and at a scheduled release; templates
 * any time. Keyword answers and automatic replies are text, inside the window the contact just opened.
 */
export const whatsAppPolicy: ChannelPolicy<SendWhatsApp, Received> = {
  channelType: "whatsapp",
  messageType: "whatsapp",
  received: WhatsAppMessageReceived,
  status: WhatsAppMessageStatus,

  ...phoneAddressing({
    type: "whatsapp",
    notAChannel: "is not the number of one of this organization's WhatsApp channels",
  }),

  async precheck(trx, key, input) {
    if (!input.template) await assertWithinWindow(trx, key);
  },

  async compose(_trx, _deps, { input, parties }) {
    const details = detailsOf(input);
    const body = details.kind === "template" ? undefined : input.body?.trim() ? input.body : undefined;
    return {
      from: parties.from,
      to: parties.to,
      ...(body !== undefined && { body }),
      mediaUrls: details.kind === "media" ? (input.attachments ?? []).slice(0, 1) : [],
      whatsapp: details,
    };
  },

  command: whatsAppCommand,

  async recheck(trx, row) {
    if (row.whatsapp?.kind === "template") return undefined;
    const key = { organizationId: row.organization_id, contactId: row.contact_id, channelId: row.channel_id };
    if (await withinWindow(trx, key)) return undefined;
    return {
      error_code: OUTSIDE_WINDOW_ERROR_CODE,
      error_message: `${OUTSIDE_WINDOW_MESSAGE}; nothing was sent`,
    };
  },

  senderPhone: (data) => e164(data.from),

  resolveSender: (deps, organizationId, data) =>
    deps.core.resolveContact({ organization_id: organizationId, phone: e164(data.from) }),

  inbound: (data, { channel, contact }) => ({
    body: data.body,
    from_address: contact.phone ?? e164(data.from),
    to_address: channel.phone ?? data.to,
    media: data.media.map((media) => ({
      url: media.id,
      ...(media.mime_type !== undefined && { content_type: media.mime_type }),
    })),
    whatsapp: { kind: data.media.length > 0 ? "media" : "text" },
  }),

  reply: (inbound, body) => ({
    from: inbound.to_address,
    to: inbound.from_address,
    body,
    mediaUrls: [],
    whatsapp: { kind: "text" },
  }),
};
