import { z } from "zod";
import { DeliveryStatus } from "./delivery.js";

/** The statuses an adapter reports for one of our outbound messages (`read`: WhatsApp only). */
export const ReportedStatus = DeliveryStatus.extract(["sent", "delivered", "read", "undelivered", "failed"]);
export type ReportedStatus = z.infer<typeof ReportedStatus>;

/** Email only: a permanent failure for this recipient (a 5.x.x bounce), so later sends fail fast. */
export const EmailDeliveryDetail = z.object({
  hard_bounce: z.boolean().default(false),
  /** The address that bounced, when known. */
  recipient: z.string().optional(),
});
export type EmailDeliveryDetail = z.infer<typeof EmailDeliveryDetail>;

/**
 * Adapter → conversations: a status for one of our messages, from the send result or the
 * provider's callback. The data of `phone.message.status`, `email.message.status` and
 * `whatsapp.message.status` alike; error codes are the provider's own (Twilio `21610`, SMTP `550`…).
 */
export const DeliveryReport = z.object({
  message_id: z.uuid(),
  channel_id: z.uuid(),
  provider_message_id: z.string().optional(),
  status: ReportedStatus,
  error_code: z.string().optional(),
  error_message: z.string().optional(),
  email: EmailDeliveryDetail.optional(),
});
export type DeliveryReport = z.infer<typeof DeliveryReport>;
