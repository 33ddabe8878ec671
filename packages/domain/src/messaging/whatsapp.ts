import { z } from "zod";
import { defineEvent } from "../events.js";
import { type FreeFormLimits, freeFormObject } from "../free-form.js";
import { DeliveryReport } from "./delivery-report.js";
import { ReceivedMessage } from "./received-message.js";
import { SendCommand } from "./send-command.js";

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
  SendCommand.extend({
    /** E.164 without formatting, as the Graph API takes it. */
    to: z.string(),
    kind: z.enum(["text", "media", "template"]),
    body: z.string().optional(),
    media: z.object({ type: WhatsAppMediaType, url: z.url(), caption: z.string().optional() }).optional(),
    template: WhatsAppTemplate.optional(),
  }),
);

/** Whatsapp → conversations: a status from the send answer or a status webhook (`read` above `delivered`). */
export const WhatsAppMessageStatus = defineEvent("whatsapp.message.status", DeliveryReport);

/** Whatsapp → conversations: an inbound message (text, media, button reply). */
export const WhatsAppMessageReceived = defineEvent(
  "whatsapp.message.received",
  ReceivedMessage.extend({
    /** The channel's number it was sent to. */
    to: z.string(),
    /** Meta's message type: `text`, `image`, `button`, `interactive`… */
    type: z.string(),
    /** Listed by Meta's media id: the Graph API hands ids, not links. */
    media: z
      .array(z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional() }))
      .default([]),
  }),
);
