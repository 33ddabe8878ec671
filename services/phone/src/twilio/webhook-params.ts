import { z } from "zod";

/** The form parameters of Twilio's webhooks that we read (Twilio sends many more). */

const Sid = z.string().trim().min(1).max(64);
const Phone = z.string().trim().min(1).max(64);
const Count = z.coerce.number().int().min(0);

/** An inbound SMS/MMS: media come as MediaUrl{i} / MediaContentType{i}, i < NumMedia. */
export const InboundSmsParams = z.object({
  MessageSid: Sid,
  AccountSid: Sid.optional(),
  From: Phone,
  To: Phone,
  Body: z.string().default(""),
  NumMedia: Count.max(10).default(0),
});

/** A message status callback; ErrorCode is set for undelivered/failed. */
export const MessageStatusParams = z.object({
  MessageSid: Sid,
  MessageStatus: z.string().trim().min(1),
  AccountSid: Sid.optional(),
  From: Phone.optional(),
  To: Phone.optional(),
  ErrorCode: z.string().trim().optional(),
  ErrorMessage: z.string().trim().optional(),
});

/** Twilio's Direction: `inbound`, `outbound-api`, `outbound-dial`. */
const Direction = z.string().trim().default("inbound");

/** An inbound call asking what to do (the voice URL), or a call status callback. */
export const CallParams = z.object({
  CallSid: Sid,
  AccountSid: Sid.optional(),
  From: Phone,
  To: Phone,
  CallStatus: z.string().trim().default("ringing"),
  Direction,
  CallDuration: Count.optional(),
});

/** A finished `<Record>`: its action URL, or a recording status callback. */
export const RecordingParams = z.object({
  CallSid: Sid,
  AccountSid: Sid.optional(),
  RecordingSid: Sid,
  RecordingUrl: z.url(),
  RecordingDuration: Count.optional(),
  CallStatus: z.string().trim().optional(),
  From: Phone.optional(),
  To: Phone.optional(),
});

/** How a `<Dial>` ended (its action URL). */
export const DialParams = z.object({
  CallSid: Sid,
  AccountSid: Sid.optional(),
  DialCallStatus: z.string().trim().default("no-answer"),
  From: Phone.optional(),
  To: Phone.optional(),
});

export type InboundSmsParams = z.infer<typeof InboundSmsParams>;
export type MessageStatusParams = z.infer<typeof MessageStatusParams>;
export type CallParams = z.infer<typeof CallParams>;
export type RecordingParams = z.infer<typeof RecordingParams>;
export type DialParams = z.infer<typeof DialParams>;
