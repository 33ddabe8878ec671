import { rfc2822 } from "./ids.js";
import { countSegments } from "./message-resource.js";
import type { FormParams } from "./signature.js";

export interface InboundMedia {
  url: string;
  contentType: string;
}

const COUNTRIES: Array<[string, string]> = [
  ["+1", "US"],
  ["+44", "GB"],
  ["+33", "FR"],
  ["+49", "DE"],
  ["+61", "AU"],
  ["+52", "MX"],
];

/** Twilio's geo params for a number (it sends empty strings for what it does not know). */
function geo(prefix: string, number: string): FormParams {
  const country = COUNTRIES.find(([code]) => number.startsWith(code))?.[1] ?? "";
  return {
    [`${prefix}City`]: "",
    [`${prefix}State`]: "",
    [`${prefix}Zip`]: "",
    [`${prefix}Country`]: country,
  };
}

/** The params of an inbound SMS/MMS webhook (`MessageSid` is `SM…` for SMS, `MM…` with media). */
export function inboundSmsParams(input: {
  messageSid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  media: InboundMedia[];
  messagingServiceSid?: string;
}): FormParams {
  const params: FormParams = {
    ...geo("To", input.to),
    ...geo("From", input.from),
    AccountSid: input.accountSid,
    ApiVersion: "2010-04-01",
    Body: input.body,
    From: input.from,
    MessageSid: input.messageSid,
    NumMedia: String(input.media.length),
    NumSegments: String(countSegments(input.body)),
    SmsMessageSid: input.messageSid,
    SmsSid: input.messageSid,
    SmsStatus: "received",
    To: input.to,
  };
  if (input.messagingServiceSid) params.MessagingServiceSid = input.messagingServiceSid;
  for (const [index, media] of input.media.entries()) {
    params[`MediaUrl${index}`] = media.url;
    params[`MediaContentType${index}`] = media.contentType;
  }
  return params;
}

/** The params of a voice webhook for a call (Twilio repeats From/To as Caller/Called). */
export function voiceParams(input: {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  status: string;
  direction?: string;
}): FormParams {
  return {
    ...geo("To", input.to),
    ...geo("From", input.from),
    ...geo("Called", input.to),
    ...geo("Caller", input.from),
    AccountSid: input.accountSid,
    ApiVersion: "2010-04-01",
    CallSid: input.callSid,
    CallStatus: input.status,
    Called: input.to,
    Caller: input.from,
    Direction: input.direction ?? "inbound",
    From: input.from,
    To: input.to,
  };
}

/** Extra params of a call status callback (`CallDuration` in seconds once the call ended). */
export function callStatusExtras(
  status: string,
  durationSeconds: number | undefined,
  sequence: number,
): FormParams {
  const params: FormParams = {
    CallbackSource: "call-progress-events",
    SequenceNumber: String(sequence),
    Timestamp: rfc2822(new Date()),
  };
  const duration = durationSeconds ?? (status === "completed" ? 0 : undefined);
  if (duration !== undefined) {
    params.CallDuration = String(duration);
    params.Duration = String(Math.ceil(duration / 60));
  }
  return params;
}

/** The params of a recording status callback. */
export function recordingParams(input: {
  accountSid: string;
  callSid: string;
  recordingSid: string;
  recordingUrl: string;
  durationSeconds: number;
}): FormParams {
  return {
    AccountSid: input.accountSid,
    CallSid: input.callSid,
    ErrorCode: "0",
    RecordingChannels: "1",
    RecordingDuration: String(input.durationSeconds),
    RecordingSid: input.recordingSid,
    RecordingSource: "RecordVerb",
    RecordingStartTime: rfc2822(new Date(Date.now() - input.durationSeconds * 1000)),
    RecordingStatus: "completed",
    RecordingUrl: input.recordingUrl,
  };
}
