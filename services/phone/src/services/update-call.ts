import { enqueue, insertWebhook } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";
import type { FormParams } from "../twilio/form.js";
import { callStatusOf } from "../twilio/statuses.js";
import type { CallParams } from "../twilio/webhook-params.js";
import { callEvent } from "./call-event.js";
import type { WebhookSource } from "./webhook-sources.js";

/**
 * A call status callback → `phone.call.updated` (status, duration), once per (CallSid, status).
 * Statuses we do not know are stored and not announced.
 */
export function updateCall(
  deps: Pick<PhoneDeps, "transact">,
  source: WebhookSource,
  call: CallParams,
  params: FormParams,
): Promise<void> {
  return deps.transact(async (trx) => {
    const fresh = await insertWebhook(trx, {
      kind: "call_status",
      dedupe_key: `${call.CallSid}:${call.CallStatus.toLowerCase()}`,
      organization_id: source.organizationId,
      channel_id: source.channelId,
      provider_id: call.CallSid,
      payload: params,
    });
    const status = callStatusOf(call.CallStatus);
    if (!fresh || !status) return;
    await enqueue(
      trx,
      callEvent(source.organizationId, source.channelId, {
        callSid: call.CallSid,
        direction: call.Direction,
        from: call.From,
        to: call.To,
        status,
        durationSeconds: call.CallDuration,
      }),
    );
  });
}
