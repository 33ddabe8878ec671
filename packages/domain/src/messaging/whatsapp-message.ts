import { z } from "zod";
import { OptInChannel } from "../core/contact.js";
import { AttachmentUrl } from "./delivery.js";
import { requireFreeFormOrTemplate } from "./send-content.js";
import { WhatsAppMediaType, WhatsAppTemplate } from "./whatsapp.js";

/** Most characters of a WhatsApp text body (Meta's limit). */
export const MAX_WHATSAPP_BODY = 4096;

/** What a WhatsApp message is, stored on the message: text, media (with its type) or a template. */
export const WhatsAppDetails = z.object({
  kind: z.enum(["text", "media", "template"]),
  media_type: WhatsAppMediaType.optional(),
  template: WhatsAppTemplate.optional(),
});
export type WhatsAppDetails = z.infer<typeof WhatsAppDetails>;

/**
 * `POST /messaging/whatsapp` (our extension): free-form (`body` and/or one attachment, whose
 * caption `body` becomes) or a `template`, exactly one of the two. Free-form is only allowed
 * within 24 hours of the contact's last inbound message on the channel.
 */
export const SendWhatsApp = z
  .strictObject({
    to: z.string().trim().min(1).max(64),
    /** The phone number of one of the organization's WhatsApp channels. */
    from: z.string().trim().min(1).max(64),
    body: z.string().max(MAX_WHATSAPP_BODY).optional(),
    /** One media URL: WhatsApp sends one media per message. */
    attachments: z.array(AttachmentUrl).max(1, "WhatsApp sends one attachment per message").optional(),
    template: WhatsAppTemplate.optional(),
    opt_in_to_all_channels: z.boolean().optional(),
    opt_in_to: z.array(OptInChannel).max(100).optional(),
    conversation_status: z.enum(["automated", "open", "closed"]).optional(),
    schedule_at: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" })
      .optional(),
  })
  .superRefine(requireFreeFormOrTemplate);
export type SendWhatsApp = z.infer<typeof SendWhatsApp>;
