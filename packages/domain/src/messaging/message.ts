import { z } from "zod";
import { OptInChannel } from "../core/contact.js";
import { UserId } from "../core/user.js";
import { defineEvent } from "../events.js";
import { AttachmentUrl, DeliveryStatus, Direction, Media } from "./delivery.js";
import { EmailDetails } from "./email-message.js";
import { CallStatus } from "./phone.js";
import { requireBodyOrAttachments } from "./send-content.js";
import { WhatsAppDetails } from "./whatsapp-message.js";

/** Most characters one `POST /messaging/sms` body may hold (the contract's limit). */
export const MAX_SMS_BODY = 1000;
/** Most attachments of one MMS (the providers' limit). */
export const MAX_ATTACHMENTS = 10;

/** `note`: an internal note in the conversation, never sent to the contact (Whippy's type). */
export const MessageType = z.enum(["sms", "call", "email", "whatsapp", "note"]);
export type MessageType = z.infer<typeof MessageType>;

/**
 * A message's media: `url` is the link, except on inbound WhatsApp media, where it is Meta's
 * media id (the adapter hands ids, not links).
 */
export const MessageMedia = Media.extend({ url: z.string().min(1) });
export type MessageMedia = z.infer<typeof MessageMedia>;

/** A call as a conversation event: its status as it last changed, and any voicemail. */
export const CallDetails = z.object({
  status: CallStatus,
  duration_seconds: z.int().nonnegative().optional(),
  recording_url: z.url().optional(),
  recording_duration_seconds: z.int().nonnegative().optional(),
});
export type CallDetails = z.infer<typeof CallDetails>;

/**
 * The contract's Message (`attachments` are URLs), plus: `contact_id`, `channel_id`, `type`,
 * `automated`, `media` (URLs with content types), the provider's id and error, the time a
 * scheduled message goes out, and `call` for calls. Unset fields are left out.
 */
export const Message = z.object({
  id: z.uuid(),
  conversation_id: z.uuid(),
  contact_id: z.uuid(),
  channel_id: z.uuid(),
  type: MessageType,
  direction: Direction,
  /** As Whippy's clients read it: `INBOUND`, `OUTBOUND`, or `NOTE` for an internal note. */
  source_type: z.enum(["INBOUND", "OUTBOUND", "NOTE"]).optional(),
  body: z.string().optional(),
  from: z.string(),
  to: z.string(),
  delivery_status: DeliveryStatus,
  attachments: z.array(z.string()),
  media: z.array(MessageMedia),
  /** Sent by the platform (automatic replies, keyword answers) rather than on a person's behalf. */
  automated: z.boolean(),
  provider_message_id: z.string().optional(),
  error_code: z.string().optional(),
  error_message: z.string().optional(),
  schedule_at: z.iso.datetime({ offset: true }).optional(),
  call: CallDetails.optional(),
  /** Email messages: subject, copies, parts and threading headers. */
  email: EmailDetails.optional(),
  /** WhatsApp messages: text, media (its type) or template (name, language, components). */
  whatsapp: WhatsAppDetails.optional(),
  /**
   * What it was sent for, as Whippy's messages carry it: the campaign and its recipient, or the
   * sequence step and the run's entry of it; empty strings when none (as Whippy sends them).
   */
  campaign_id: z.union([z.uuid(), z.literal("")]).optional(),
  campaign_contact_id: z.union([z.uuid(), z.literal("")]).optional(),
  step_id: z.union([z.uuid(), z.literal("")]).optional(),
  step_contact_id: z.union([z.uuid(), z.literal("")]).optional(),
  /** The user who wrote it (notes). */
  user_id: UserId.optional(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Message = z.infer<typeof Message>;

/** Contract `SendSmsRequest`: `body` or `attachments` is required. */
export const SendSms = z
  .strictObject({
    to: z.string().trim().min(1).max(64),
    /** The phone number of one of the organization's phone channels. */
    from: z.string().trim().min(1).max(64),
    body: z.string().max(MAX_SMS_BODY).optional(),
    attachments: z.array(AttachmentUrl).max(MAX_ATTACHMENTS).optional(),
    opt_in_to_all_channels: z.boolean().optional(),
    opt_in_to: z.array(OptInChannel).max(100).optional(),
    conversation_status: z.enum(["automated", "open", "closed"]).optional(),
    /** In the future: the message waits until then. Now or in the past: sent now. */
    schedule_at: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" })
      .optional(),
  })
  .superRefine(requireBodyOrAttachments);
export type SendSms = z.infer<typeof SendSms>;

/** Most characters of one internal note. */
export const MAX_NOTE_BODY = 10_000;

/**
 * `POST /messaging/note` (Whippy's, as its Activepieces piece sends it): an internal note in the
 * conversation between the channel `from` (a phone number or email address) and the contact
 * `to`. `user_id` (our extension) names its author.
 */
export const CreateNote = z
  .strictObject({
    from: z.string().trim().min(1).max(320),
    to: z.string().trim().min(1).max(320),
    body: z.string().max(MAX_NOTE_BODY).optional(),
    attachments: z.array(AttachmentUrl).max(MAX_ATTACHMENTS).optional(),
    user_id: UserId.optional(),
  })
  .superRefine(requireBodyOrAttachments);
export type CreateNote = z.infer<typeof CreateNote>;

/** The `data` of contract `SendMessageResponse`. */
export const SentMessage = z.object({
  id: z.uuid(),
  contact_id: z.uuid(),
  conversation_id: z.uuid(),
  delivery_status: DeliveryStatus,
});
export type SentMessage = z.infer<typeof SentMessage>;

/** `GET /conversations/{id}/messages`: newest first. */
export const MessageList = z.object({ data: z.array(Message), total: z.int() });
export type MessageList = z.infer<typeof MessageList>;

export const MessageCreated = defineEvent("conversations.message.created", Message);
/** A delivery status, a provider error, a call's progress or voicemail: data is the whole message. */
export const MessageUpdated = defineEvent("conversations.message.updated", Message);
