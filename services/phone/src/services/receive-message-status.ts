import { findSendByProviderId, insertWebhook, lockProviderId, type SendState } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";
import type { FormParams } from "../twilio/form.js";
import type { MessageStatusParams } from "../twilio/webhook-params.js";
import { advanceNamedSend } from "./advance-named-send.js";
import { applyMessageStatus } from "./apply-message-status.js";
import { statusUpdateOf } from "./status-update-of.js";
import type { WebhookSource } from "./webhook-sources.js";

/**
 * A status callback for a message we sent, reported as `phone.message.status` for OUR message id
 * when it moves the send forward. The send its URL names (`named`, see named-send.ts) takes one
 * statement. Any other callback is stored once per (MessageSid, status) and applied to the send
 * holding that sid; one for a sid we cannot place is stored unapplied, and recording that sid
 * after a reconciliation applies it (record-send-outcome.ts).
 */
export function receiveMessageStatus(
  deps: Pick<PhoneDeps, "transact" | "statuses" | "sends">,
  source: WebhookSource,
  callback: MessageStatusParams,
  params: FormParams,
  named: SendState | undefined,
): Promise<void> {
  const update = statusUpdateOf(callback);
  if (named) return update ? advanceNamedSend(deps, named, update) : Promise.resolve();
  return deps.transact(async (trx) => {
    const sid = callback.MessageSid;
    // Orders this against recording the sid: one of the two sees the other's commit.
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
    if (!fresh || !send || !update) return;
    await applyMessageStatus(trx, send.message_id, update);
  });
}
