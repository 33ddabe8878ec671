import { type CallStatus, PhoneCallUpdated } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { z } from "zod";

export interface CallUpdate {
  callSid: string;
  /** Twilio's Direction: `inbound`, or `outbound-api` / `outbound-dial`. */
  direction: string;
  from: string;
  to: string;
  status: z.infer<typeof CallStatus>;
  durationSeconds?: number;
  recordingUrl?: string;
  recordingDurationSeconds?: number;
}

/** `phone.call.updated` for one step of a call. */
export function callEvent(organizationId: string, channelId: string, call: CallUpdate) {
  return newEvent(PhoneCallUpdated, organizationId, {
    channel_id: channelId,
    provider_call_id: call.callSid,
    direction: call.direction.toLowerCase().startsWith("outbound") ? "OUTBOUND" : "INBOUND",
    from: call.from,
    to: call.to,
    status: call.status,
    duration_seconds: call.durationSeconds,
    recording_url: call.recordingUrl,
    recording_duration_seconds: call.recordingDurationSeconds,
    occurred_at: new Date().toISOString(),
  });
}
