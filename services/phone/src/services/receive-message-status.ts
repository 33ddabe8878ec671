import { findSendByProviderId, lockProviderId } from "../db/sends.js";
import { insertWebhook } from "../db/webhooks.js";
import type { PhoneDeps } from "../deps.js";
import type { FormParams } from "../twilio/form.js";
import type { MessageStatusParams } from "../twilio/webhook-params.js";
import { applyMessageStatus } from "./apply-message-status.js";
import { statusUpdateOf } from "./status-update-of.js";
import type { WebhookSource } from "./webhook-sources.js";

/**
 * A status callback for a message we sent: stored once per (MessageSid, status), then applied
 * to our send (forward only) and reported as `phone.message.status` for OUR message id.
 * A callback that beats the send's own record is kept unapplied; recording the send applies it.
 * Callbacks for sids we never sent are stored and ignored.
 */
export function receiveMessageStatus(
  deps: Pick<PhoneDeps, "transact">,
  source: WebhookSource,
  callback: MessageStatusParams,
  params: FormParams,
): Promise<void> {
  return deps.transact(async (trx) => {
    const sid = callback.MessageSid;
    await lockProviderId(trx, sid);
    const send = await findSendByProviderId(trx, sid);
    const fresh = await insertWebhook(trx, {
      kind: "message_status",
      dedupe_key: `${sid}:${callback.MessageStatus.toLowerCase()}`,
      organization_id: send?.organization_id ?? source.organizationId,
      channel_id: send?.channel_id ?? source.channelId,
      provider_id: sid,
      payload: params,
      applied: send !== undefined,
    });
    const update = statusUpdateOf(callback);
    if (!fresh || !send || !update) return;
    await applyMessageStatus(trx, send, send.status, update);
  });
}
