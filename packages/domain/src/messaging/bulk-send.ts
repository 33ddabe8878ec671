import { z } from "zod";
import { SendEmail } from "./email-message.js";
import { SendSms } from "./message.js";
import { requireBodyOrAttachments, requireFreeFormOrTemplate } from "./send-content.js";
import { SendWhatsApp } from "./whatsapp-message.js";

/** Most rows one `POST /messaging/bulk` takes. */
export const MAX_BULK_MESSAGES = 1000;

/** The caller's name for a row, unique per organization: a row sent again under it is not sent twice. */
export const BulkKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "must be 1 to 255 visible ASCII characters");

/** A row names its recipient by `to` (as the single send does) or by `contact_id`, exactly one. */
function requireOneRecipient(
  row: { to?: string | undefined; contact_id?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if ((row.to === undefined) === (row.contact_id === undefined)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "exactly one of to or contact_id is required" });
  }
}

const ContactId = z.uuid().optional();
/**
 * What a row is sent for, stored on the message and carried by its events as Whippy's messages
 * carry it: the campaign and its recipient (`campaign_contact_id`: the contact, as
 * `GET /campaigns/{id}/contacts` names it), or the sequence step and the run's entry of it.
 */
export const BulkAttribution = {
  campaign_id: z.uuid().optional(),
  campaign_contact_id: z.uuid().optional(),
  step_id: z.uuid().optional(),
  step_contact_id: z.uuid().optional(),
};
export type BulkAttribution = { [K in keyof typeof BulkAttribution]?: string };

/** `SendSms` plus `key` and `type`, with `contact_id` allowed instead of `to`. */
export const BulkSms = z
  .strictObject({
    key: BulkKey,
    type: z.literal("sms"),
    ...SendSms.shape,
    to: SendSms.shape.to.optional(),
    contact_id: ContactId,
    ...BulkAttribution,
  })
  .superRefine(requireBodyOrAttachments)
  .superRefine(requireOneRecipient);
export type BulkSms = z.infer<typeof BulkSms>;

/** `SendEmail` plus `key` and `type`, with `contact_id` allowed instead of `to`. */
export const BulkEmail = z
  .strictObject({
    key: BulkKey,
    type: z.literal("email"),
    ...SendEmail.shape,
    to: SendEmail.shape.to.optional(),
    contact_id: ContactId,
    ...BulkAttribution,
  })
  .superRefine(requireBodyOrAttachments)
  .superRefine(requireOneRecipient);
export type BulkEmail = z.infer<typeof BulkEmail>;

/** `SendWhatsApp` plus `key` and `type`, with `contact_id` allowed instead of `to`. */
export const BulkWhatsApp = z
  .strictObject({
    key: BulkKey,
    type: z.literal("whatsapp"),
    ...SendWhatsApp.shape,
    to: SendWhatsApp.shape.to.optional(),
    contact_id: ContactId,
    ...BulkAttribution,
  })
  .superRefine(requireFreeFormOrTemplate)
  .superRefine(requireOneRecipient);
export type BulkWhatsApp = z.infer<typeof BulkWhatsApp>;

/** One row of a bulk send, by its `type`. */
export const BulkMessage = z.discriminatedUnion("type", [BulkSms, BulkEmail, BulkWhatsApp]);
export type BulkMessage = z.infer<typeof BulkMessage>;

const rows = <T extends z.ZodType>(row: T) =>
  z
    .array(row)
    .min(1, "must hold at least one message")
    .max(MAX_BULK_MESSAGES, `must hold at most ${MAX_BULK_MESSAGES} messages`);

/**
 * What the route reads first: the envelope. Each row is then parsed alone (`BulkMessage`), so
 * an invalid row is refused by itself and does not stop the others.
 */
export const BulkSendEnvelope = z.strictObject({ messages: rows(z.unknown()) });
export type BulkSendEnvelope = z.infer<typeof BulkSendEnvelope>;

/** `POST /messaging/bulk` as documented: 1–1,000 rows, each one of `BulkMessage`. */
export const BulkSendRequest = z.strictObject({ messages: rows(BulkMessage) });
export type BulkSendRequest = z.infer<typeof BulkSendRequest>;

/**
 * Why a row was refused: invalid (`validation_failed`), the contact opted out of the channel,
 * the address bounced permanently on it, or free-form WhatsApp outside the 24-hour window.
 */
export const BulkRefusalCode = z.enum(["validation_failed", "opted_out", "hard_bounced", "outside_window"]);
export type BulkRefusalCode = z.infer<typeof BulkRefusalCode>;

/** One row's outcome, at its index; a refused row has `error`, the others the message's ids. */
export const BulkOutcome = z.object({
  index: z.int().nonnegative(),
  /** The row's key, when it had a valid one. */
  key: z.string().optional(),
  status: z.enum(["queued", "scheduled", "refused"]),
  id: z.uuid().optional(),
  contact_id: z.uuid().optional(),
  conversation_id: z.uuid().optional(),
  error: z
    .object({
      code: BulkRefusalCode,
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    })
    .optional(),
});
export type BulkOutcome = z.infer<typeof BulkOutcome>;

/** The `data` of the 200 answer: every row's outcome in the order of the rows, and the counts. */
export const BulkSendResult = z.object({
  results: z.array(BulkOutcome),
  queued: z.int().nonnegative(),
  scheduled: z.int().nonnegative(),
  refused: z.int().nonnegative(),
});
export type BulkSendResult = z.infer<typeof BulkSendResult>;
