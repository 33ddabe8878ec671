import { type Media, PhoneMessageReceived } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";
import { type FormParams, formValue } from "../twilio/form.js";
import type { InboundSmsParams } from "../twilio/webhook-params.js";
import type { WebhookSource } from "./webhook-sources.js";

/** MMS media: MediaUrl{i} with MediaContentType{i}, for i below NumMedia. */
function mediaOf(params: FormParams, count: number): Media[] {
  const media: Media[] = [];
  for (let i = 0; i < count; i++) {
    const url = formValue(params, `MediaUrl${i}`);
    if (!url) continue;
    const contentType = formValue(params, `MediaContentType${i}`);
    media.push({ url, ...(contentType ? { content_type: contentType } : {}) });
  }
  return media;
}

/**
 * An inbound SMS/MMS: stored and announced (`phone.message.received`) in one statement; a
 * repeat of a MessageSid already stored does nothing. Returns whether it was new.
 */
export function receiveMessage(
  deps: Pick<PhoneDeps, "webhooks">,
  source: WebhookSource,
  sms: InboundSmsParams,
  params: FormParams,
): Promise<boolean> {
  const event = newEvent(PhoneMessageReceived, source.organizationId, {
    channel_id: source.channelId,
    provider_message_id: sms.MessageSid,
    from: sms.From,
    to: sms.To,
    body: sms.Body,
    media: mediaOf(params, sms.NumMedia),
    received_at: new Date().toISOString(),
  });
  const webhook = {
    kind: "sms",
    dedupe_key: sms.MessageSid,
    organization_id: source.organizationId,
    channel_id: source.channelId,
    provider_id: sms.MessageSid,
    payload: params,
  };
  return deps.webhooks.store(webhook, event);
}
