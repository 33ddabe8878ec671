import { type Channel, isOpenAt } from "@relay/domain";
import { enqueue, insertWebhook } from "@relay/service-kit";
import { insertCall } from "../db/calls.js";
import type { PhoneDeps } from "../deps.js";
import type { FormParams } from "../twilio/form.js";
import { callStatusOf } from "../twilio/statuses.js";
import { dialTwiml, voicemailTwiml } from "../twilio/twiml.js";
import type { CallParams } from "../twilio/webhook-params.js";
import { callEvent } from "./call-event.js";

/**
 * An inbound call asks what to do. The call is remembered (for its callbacks) and announced
 * once; the answer is TwiML: in opening hours ring the forwarding numbers, otherwise (or with
 * none) greet and record a voicemail. A repeated webhook gets the same answer.
 */
export async function answerCall(
  deps: Pick<PhoneDeps, "transact" | "settings">,
  organizationId: string,
  channel: Channel,
  call: CallParams,
  params: FormParams,
  now = new Date(),
): Promise<string> {
  await deps.transact(async (trx) => {
    await insertCall(trx, {
      call_sid: call.CallSid,
      organization_id: organizationId,
      channel_id: channel.id,
      direction: call.Direction,
      from_number: call.From,
      to_number: call.To,
    });
    const fresh = await insertWebhook(trx, {
      kind: "voice",
      dedupe_key: call.CallSid,
      organization_id: organizationId,
      channel_id: channel.id,
      provider_id: call.CallSid,
      payload: params,
    });
    if (!fresh) return;
    const status = callStatusOf(call.CallStatus) ?? "ringing";
    await enqueue(trx, callEvent(organizationId, channel.id, { ...callFields(call), status }));
  });
  const { publicBaseUrl, ringTimeoutSeconds, voiceGreeting } = deps.settings;
  const numbers = channel.voice_forwarding_numbers ?? [];
  if (numbers.length > 0 && isOpenAt(channel.opening_hours, channel.timezone, now)) {
    return dialTwiml(numbers, {
      timeoutSeconds: ringTimeoutSeconds,
      action: `${publicBaseUrl}/webhooks/twilio/voice/dial`,
    });
  }
  return voicemailTwiml({
    greeting: voiceGreeting,
    action: `${publicBaseUrl}/webhooks/twilio/voice/recording`,
  });
}

function callFields(call: CallParams) {
  return { callSid: call.CallSid, direction: call.Direction, from: call.From, to: call.To };
}
