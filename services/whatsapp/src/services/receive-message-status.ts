import type { Transaction } from "kysely";
import type { WhatsAppDB } from "../db/schema.js";
import { findSendByProviderId, lockProviderId } from "../db/sends.js";
import { insertWebhook } from "../db/webhooks.js";
import type { StatusItem } from "../graph/webhook-payload.js";
import { applyMessageStatus, type StatusUpdate } from "./apply-message-status.js";
import type { WebhookSource } from "./authenticate-webhook.js";
import { OutboundStatus } from "./status-rank.js";

const CLEAR_MESSAGES: Record<string, string> = {
  "131047": "outside the 24-hour window; a template is required",
};

function updateOf(item: StatusItem): StatusUpdate | undefined {
  const status = OutboundStatus.safeParse(item.status);
  if (!status.success) return undefined;
  const [error] = item.errors ?? [];
  if (status.data !== "failed" || !error) return { status: status.data };
  const code = String(error.code);
  const raw = error.message ?? error.title ?? "failed";
  return {
    status: "failed",
    error_code: code,
    error_message: CLEAR_MESSAGES[code] ? `${CLEAR_MESSAGES[code]} (${raw})` : raw,
  };
}

/**
 * A status of a message we sent: stored once per (wamid, status), applied to our send (forward
 * only) and reported for OUR message id. Statuses of wamids we have no send for are stored
 * unapplied and otherwise ignored.
 */
export async function receiveMessageStatus(
  trx: Transaction<WhatsAppDB>,
  source: WebhookSource,
  item: StatusItem,
): Promise<void> {
  await lockProviderId(trx, item.id);
  const send = await findSendByProviderId(trx, item.id);
  const fresh = await insertWebhook(trx, {
    kind: "status",
    dedupe_key: `${item.id}:${item.status}`,
    organization_id: send?.organization_id ?? source.organizationId,
    channel_id: send?.channel_id ?? source.channelId,
    provider_id: item.id,
    payload: item,
    applied: send !== undefined,
  });
  const update = updateOf(item);
  if (!fresh || !send || !update) return;
  await applyMessageStatus(trx, send, send.status, update);
}
