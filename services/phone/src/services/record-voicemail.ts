import { enqueue, insertWebhook } from "@relay/service-kit";
import { findCall } from "../db/calls.js";
import type { PhoneDeps } from "../deps.js";
import type { FormParams } from "../twilio/form.js";
import { callStatusOf } from "../twilio/statuses.js";
import type { RecordingParams } from "../twilio/webhook-params.js";
import { callEvent } from "./call-event.js";
import type { WebhookSource } from "./webhook-sources.js";

/** A voicemail was recorded → `phone.call.updated` with its URL, once per RecordingSid. */
export function recordVoicemail(
  deps: Pick<PhoneDeps, "transact">,
  source: WebhookSource,
  recording: RecordingParams,
  params: FormParams,
): Promise<void> {
  return deps.transact(async (trx) => {
    const fresh = await insertWebhook(trx, {
      kind: "recording",
      dedupe_key: recording.RecordingSid,
      organization_id: source.organizationId,
      channel_id: source.channelId,
      provider_id: recording.CallSid,
      payload: params,
    });
    if (!fresh) return;
    const call = await findCall(trx, recording.CallSid);
    await enqueue(
      trx,
      callEvent(source.organizationId, source.channelId, {
        callSid: recording.CallSid,
        direction: call?.direction ?? "inbound",
        from: call?.from_number ?? recording.From ?? "",
        to: call?.to_number ?? recording.To ?? "",
        status: callStatusOf(recording.CallStatus ?? "") ?? "completed",
        recordingUrl: recording.RecordingUrl,
        recordingDurationSeconds: recording.RecordingDuration,
      }),
    );
  });
}
