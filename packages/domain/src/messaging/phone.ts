import { z } from "zod";
import { defineEvent } from "../events.js";
import { Media } from "./delivery.js";
import { DeliveryReport } from "./delivery-report.js";
import { ReceivedMessage } from "./received-message.js";
import { SendCommand } from "./send-command.js";

/**
 * Conversations → phone (through conversations' outbox, stream CMD_PHONE): send this SMS/MMS.
 * The phone adapter resolves the channel's provider and credentials, paces to the channel's
 * send rate, calls the provider, and answers with `phone.message.status`.
 */
export const SendPhoneMessage = defineEvent(
  "cmd.phone.send",
  SendCommand.extend({
    from: z.string(),
    body: z.string().optional(),
    media_urls: z.array(z.url()).default([]),
  }),
);

/** The statuses the phone adapter reports; `sent` once the provider accepted the message. */
export const PhoneMessageStatusValue = z.enum(["sent", "delivered", "undelivered", "failed"]);

/** Phone → conversations: a status for one of our messages (Twilio's error codes: `21610`, `30003`…). */
export const PhoneMessageStatus = defineEvent("phone.message.status", DeliveryReport);

/** Phone → conversations: an inbound SMS/MMS on one of the organization's phone channels. */
export const PhoneMessageReceived = defineEvent(
  "phone.message.received",
  ReceivedMessage.extend({
    /** The channel's number it was sent to. */
    to: z.string(),
    body: z.string(),
    media: z.array(Media).default([]),
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
