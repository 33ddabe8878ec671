import { z } from "zod";
import { defineEvent } from "../events.js";
import { type FreeFormLimits, freeFormObject } from "../free-form.js";

/** One Graph API template component (header, body, a button) with its parameters. */
const COMPONENT_LIMITS: FreeFormLimits = { maxBytes: 16 * 1024, maxDepth: 5, maxKeys: 200 };

export const WhatsAppTemplate = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(15),
  /** Graph API template components, e.g. `[{type: "body", parameters: [{type: "text", text: "Ana"}]}]`. */
  components: z.array(freeFormObject(COMPONENT_LIMITS)).max(20).default([]),
});
export type WhatsAppTemplate = z.infer<typeof WhatsAppTemplate>;

export const WhatsAppMediaType = z.enum(["image", "document", "audio", "video"]);

/**
 * Conversations → whatsapp (outbox, stream CMD_WHATSAPP): send a text, a media message (by
 * URL) or a template. Conversations enforces the 24-hour window before it sends this.
 */
export const SendWhatsAppMessage = defineEvent(
  "cmd.whatsapp.send",
  z.object({
    message_id: z.uuid(),
    channel_id: z.uuid(),
    /** E.164 without formatting, as the Graph API takes it. */
    to: z.string(),
    kind: z.enum(["text", "media", "template"]),
    body: z.string().optional(),
    media: z.object({ type: WhatsAppMediaType, url: z.url(), caption: z.string().optional() }).optional(),
    template: WhatsAppTemplate.optional(),
  }),
);

/** Whatsapp → conversations: a status from the send answer or a status webhook. */
export const WhatsAppMessageStatus = defineEvent(
  "whatsapp.message.status",
  z.object({
    message_id: z.uuid(),
    channel_id: z.uuid(),
    provider_message_id: z.string().optional(),
    status: z.enum(["sent", "delivered", "read", "failed"]),
    error_code: z.string().optional(),
    error_message: z.string().optional(),
  }),
);

/** Whatsapp → conversations: an inbound message (text, media, button reply). */
export const WhatsAppMessageReceived = defineEvent(
  "whatsapp.message.received",
  z.object({
    channel_id: z.uuid(),
    /** `wamid.…` */
    provider_message_id: z.string(),
    from: z.string(),
    to: z.string(),
    type: z.string(),
    body: z.string().default(""),
    media: z
      .array(z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional() }))
      .default([]),
    received_at: z.iso.datetime({ offset: true }),
  }),
);
