import { findSend, findSendByProviderId, type LedgerSend, lockProviderId } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { PhoneDB } from "../db/schema.js";
import { insertWebhook } from "../db/webhooks.js";
import type { PhoneDeps } from "../deps.js";
import type { FormParams } from "../twilio/form.js";
import type { MessageStatusParams } from "../twilio/webhook-params.js";
import { applyMessageStatus } from "./apply-message-status.js";
import { statusUpdateOf } from "./status-update-of.js";
import type { WebhookSource } from "./webhook-sources.js";

/**
 * The send a status callback is about: by its MessageSid, or, when we never recorded that sid
 * (the process died between Twilio's answer and our record), by the message id our callback URL
 * names, if that send has no sid yet and belongs to the organization whose token signed it.
 */
async function sendOf(
  trx: Transaction<PhoneDB>,
  sid: string,
  named: string | undefined,
  source: WebhookSource,
): Promise<LedgerSend | undefined> {
  const bySid = await findSendByProviderId(trx, sid);
  if (bySid || !named) return bySid;
  const send = await findSend(trx, named).catch(() => undefined);
  const adoptable = send?.provider_message_id === null && send.organization_id === source.organizationId;
  return adoptable ? send : undefined;
}

/**
 * A status callback for a message we sent: stored once per (MessageSid, status), then applied
 * to our send (forward only, adopting the sid if the send did not know it) and reported as
 * `phone.message.status` for OUR message id. A callback for a sid we cannot place is stored
 * unapplied; recording that sid later applies it.
 */
export function receiveMessageStatus(
  deps: Pick<PhoneDeps, "transact">,
  source: WebhookSource,
  callback: MessageStatusParams,
  params: FormParams,
  namedSend: string | undefined,
): Promise<void> {
  return deps.transact(async (trx) => {
    const sid = callback.MessageSid;
    await lockProviderId(trx, sid);
    const send = await sendOf(trx, sid, namedSend, source);
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
    await applyMessageStatus(trx, send.message_id, update);
  });
}
