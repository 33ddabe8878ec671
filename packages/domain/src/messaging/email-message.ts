import { z } from "zod";
import { OptInChannel } from "../core/contact.js";
import { AttachmentUrl } from "./delivery.js";
import { EmailAttachment } from "./email.js";
import { requireBodyOrAttachments } from "./send-content.js";

/** Most characters of one email body (text or HTML) a send may hold. */
export const MAX_EMAIL_BODY = 500_000;
/** Most attachments (URLs) of one email. */
export const MAX_EMAIL_ATTACHMENTS = 10;
/** Most addresses in `cc` and in `bcc`, each. */
export const MAX_EMAIL_COPIES = 50;

const NO_LINE_BREAKS = /^[^\r\n]*$/;
const EmailAddress = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email("must be a valid email address"))
  .transform((address) => address.toLowerCase());
/** Contract `SendEmailRequest`: `body` or `attachments` is required. */
export const SendEmail = z
  .strictObject({
    to: EmailAddress,
    /** The address of one of the organization's email channels. */
    from: z.string().trim().min(1).max(320),
    subject: z.string().max(998).regex(NO_LINE_BREAKS, "must be one line").optional(),
    /** Plain text or HTML (detected): both a text and an HTML part are always sent. */
    body: z.string().max(MAX_EMAIL_BODY).optional(),
    attachments: z.array(AttachmentUrl).max(MAX_EMAIL_ATTACHMENTS).optional(),
    cc: z.array(EmailAddress).max(MAX_EMAIL_COPIES).optional(),
    bcc: z.array(EmailAddress).max(MAX_EMAIL_COPIES).optional(),
    reply_to: EmailAddress.optional(),
    sender_name: z.string().trim().max(200).regex(NO_LINE_BREAKS, "must be one line").optional(),
    /** Accepted for the contract; used as `Reply-To` when `reply_to` is not given. */
    sender_email: EmailAddress.optional(),
    schedule_at: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" })
      .optional(),
    conversation_status: z.enum(["automated", "open"]).optional(),
    opt_in_to_all_channels: z.boolean().optional(),
    opt_in_to: z.array(OptInChannel).max(100).optional(),
  })
  .superRefine(requireBodyOrAttachments);
export type SendEmail = z.infer<typeof SendEmail>;

/** The email side of a stored message: headers, parts and threading. Unset fields are left out. */
export const EmailDetails = z.object({
  subject: z.string(),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  reply_to: z.string().optional(),
  sender_name: z.string().optional(),
  /** The plain-text part; for inbound mail the whole text as received (with quoted history). */
  text: z.string().optional(),
  html: z.string().optional(),
  message_id_header: z.string().optional(),
  in_reply_to: z.string().optional(),
  references: z.array(z.string()),
  list_unsubscribe_url: z.string().optional(),
  /** Inbound: every address the mail was sent to, and its attachments as the adapter stored them. */
  to: z.array(z.string()).optional(),
  from_name: z.string().optional(),
  attachments: z.array(EmailAttachment).optional(),
});
export type EmailDetails = z.infer<typeof EmailDetails>;
