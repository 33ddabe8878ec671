import { z } from "zod";
import { defineEvent } from "../events.js";
import { DeliveryReport } from "./delivery-report.js";
import { ReceivedMessage } from "./received-message.js";
import { SendCommand } from "./send-command.js";

const Address = z.string().min(3).max(320);

/**
 * Conversations → email (outbox, stream CMD_EMAIL): send this email. Conversations composes
 * the threading headers and, for automated mail, the one-click unsubscribe URL (RFC 8058);
 * the adapter resolves the channel's SMTP settings and sends with nodemailer.
 */
export const SendEmailMessage = defineEvent(
  "cmd.email.send",
  SendCommand.extend({
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

/**
 * Email → conversations: the SMTP server accepted it (`sent`), or it failed / bounced. The bounce
 * is `email`; `hard_bounce` and `recipient` are its first version's copies, kept in step with it
 * both ways (an older producer writes only those, an older reader reads only those).
 */
export const EmailMessageStatus = defineEvent(
  "email.message.status",
  DeliveryReport.extend({
    hard_bounce: z.boolean().default(false),
    recipient: z.string().optional(),
  }).transform(({ email, hard_bounce, recipient, ...report }) => {
    const detail = email ?? { hard_bounce, ...(recipient !== undefined && { recipient }) };
    return {
      ...report,
      email: detail,
      hard_bounce: detail.hard_bounce,
      ...(detail.recipient !== undefined && { recipient: detail.recipient }),
    };
  }),
);

export const EmailAttachment = z.object({
  filename: z.string().optional(),
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  /** Where the stored attachment can be fetched from (the email service keeps it). */
  url: z.url().optional(),
});

/**
 * Email → conversations: mail arrived for one of the organization's email channels.
 * `provider_message_id` is its `Message-ID`; `body` is `text` (what an older producer wrote alone).
 */
export const EmailMessageReceived = defineEvent(
  "email.message.received",
  ReceivedMessage.extend({
    body: z.string().optional(),
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
  }).transform((mail) => ({ ...mail, body: mail.body ?? mail.text })),
);
