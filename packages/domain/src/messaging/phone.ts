import { z } from "zod";
import { defineEvent } from "../events.js";
import { Media } from "./delivery.js";

/**
 * Conversations → phone (through conversations' outbox, stream CMD_PHONE): send this SMS/MMS.
 * The phone adapter resolves the channel's provider and credentials, paces to the channel's
 * send rate, calls the provider, and answers with `phone.message.status`.
 */
export const SendPhoneMessage = defineEvent(
  "cmd.phone.send",
  z.object({
    message_id: z.uuid(),
    channel_id: z.uuid(),
    from: z.string(),
    to: z.string(),
    body: z.string().optional(),
    media_urls: z.array(z.url()).default([]),
  }),
);

/** The provider's statuses we report; `sent` once the provider accepted the message. */
export const PhoneMessageStatusValue = z.enum(["sent", "delivered", "undelivered", "failed"]);

/**
 * Phone → conversations: a status for one of our messages, from the send result or the
 * provider's status callback. Error codes are the provider's own (Twilio `21610`, `30003`…).
 */
export const PhoneMessageStatus = defineEvent(
  "phone.message.status",
  z.object({
    message_id: z.uuid(),
    channel_id: z.uuid(),
    provider_message_id: z.string().optional(),
    status: PhoneMessageStatusValue,
    error_code: z.string().optional(),
    error_message: z.string().optional(),
  }),
);

/** Phone → conversations: an inbound SMS/MMS on one of the organization's phone channels. */
export const PhoneMessageReceived = defineEvent(
  "phone.message.received",
  z.object({
    channel_id: z.uuid(),
    provider_message_id: z.string(),
    from: z.string(),
    to: z.string(),
    body: z.string(),
    media: z.array(Media).default([]),
    received_at: z.iso.datetime({ offset: true }),
  }),
);

export const CallStatus = z.enum([
  "queued",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "failed",
  "no-answer",
  "canceled",
]);

/** Phone → conversations: a call started, changed status, or left a voicemail. */
export const PhoneCallUpdated = defineEvent(
  "phone.call.updated",
  z.object({
    channel_id: z.uuid(),
    provider_call_id: z.string(),
    direction: z.enum(["INBOUND", "OUTBOUND"]),
    from: z.string(),
    to: z.string(),
    status: CallStatus,
    duration_seconds: z.number().int().nonnegative().optional(),
    recording_url: z.url().optional(),
    recording_duration_seconds: z.number().int().nonnegative().optional(),
    occurred_at: z.iso.datetime({ offset: true }),
  }),
);
