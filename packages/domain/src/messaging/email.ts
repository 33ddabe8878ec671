import { z } from "zod";
import { defineEvent } from "../events.js";

const Address = z.string().min(3).max(320);

/**
 * Conversations → email (outbox, stream CMD_EMAIL): send this email. Conversations composes
 * the threading headers and, for automated mail, the one-click unsubscribe URL (RFC 8058);
 * the adapter resolves the channel's SMTP settings and sends with nodemailer.
 */
export const SendEmailMessage = defineEvent(
  "cmd.email.send",
  z.object({
    message_id: z.uuid(),
    channel_id: z.uuid(),
    from: Address,
    sender_name: z.string().optional(),
    to: Address,
    cc: z.array(Address).default([]),
    bcc: z.array(Address).default([]),
    reply_to: Address.optional(),
    subject: z.string().default(""),
    /** Plain-text part (always sent). */
    text: z.string(),
    /** HTML part (always sent; derived from the text when the body was plain). */
    html: z.string(),
    /** URLs to fetch and attach (size, time and address limits apply). */
    attachment_urls: z.array(z.url()).default([]),
    /** Our own `Message-ID` header, angle brackets included: `<uuid@domain>`. */
    message_id_header: z.string(),
    in_reply_to: z.string().optional(),
    references: z.array(z.string()).default([]),
    /** Present on automated mail: `List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. */
    list_unsubscribe_url: z.url().optional(),
  }),
);

/** Email → conversations: the SMTP server accepted it (`sent`), or it failed / bounced. */
export const EmailMessageStatus = defineEvent(
  "email.message.status",
  z.object({
    message_id: z.uuid(),
    channel_id: z.uuid(),
    status: z.enum(["sent", "delivered", "undelivered", "failed"]),
    error_code: z.string().optional(),
    error_message: z.string().optional(),
    /** A permanent failure for this recipient (5.x.x bounce): later sends fail fast. */
    hard_bounce: z.boolean().default(false),
    /** The address that bounced, when known. */
    recipient: z.string().optional(),
  }),
);

export const EmailAttachment = z.object({
  filename: z.string().optional(),
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  /** Where the stored attachment can be fetched from (the email service keeps it). */
  url: z.url().optional(),
});

/** Email → conversations: mail arrived for one of the organization's email channels. */
export const EmailMessageReceived = defineEvent(
  "email.message.received",
  z.object({
    channel_id: z.uuid(),
    /** The mail's `Message-ID` header. */
    provider_message_id: z.string(),
    from: z.string(),
    from_name: z.string().optional(),
    to: z.array(z.string()),
    cc: z.array(z.string()).default([]),
    subject: z.string().default(""),
    /** The reply without quoted history. */
    text: z.string(),
    /** The whole text body as received. */
    full_text: z.string(),
    html: z.string().optional(),
    in_reply_to: z.string().optional(),
    references: z.array(z.string()).default([]),
    attachments: z.array(EmailAttachment).default([]),
    received_at: z.iso.datetime({ offset: true }),
  }),
);
