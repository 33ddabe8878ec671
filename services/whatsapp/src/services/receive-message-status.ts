import { DeliveryStatus } from "@relay/domain";
import {
  findSend,
  findSendByProviderId,
  insertWebhook,
  type LedgerSend,
  lockProviderId,
} from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { WhatsAppDB } from "../db/schema.js";
import type { StatusItem } from "../graph/webhook-payload.js";
import { applyMessageStatus, type StatusUpdate } from "./apply-message-status.js";
import type { WebhookSource } from "./authenticate-webhook.js";

const CLEAR_MESSAGES: Record<string, string> = {
  "131047": "outside the 24-hour window; a template is required",
};

const REPORTED = new Set(["sent", "delivered", "read", "failed"]);

function updateOf(item: StatusItem): StatusUpdate | undefined {
  const status = DeliveryStatus.safeParse(item.status);
  if (!status.success || !REPORTED.has(status.data)) return undefined;
  const base = { status: status.data as StatusUpdate["status"], provider_message_id: item.id };
  const [error] = item.errors ?? [];
  if (base.status !== "failed" || !error) return base;
  const code = String(error.code);
  const raw = error.message ?? error.title ?? "failed";
  return {
    ...base,
    error_code: code,
    error_message: CLEAR_MESSAGES[code] ? `${CLEAR_MESSAGES[code]} (${raw})` : raw,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The send a status is about: by wamid, or, when we never recorded that wamid (the process died
 * between Meta's answer and our record), by the message id we sent as `biz_opaque_callback_data`,
 * if that send has no wamid yet and belongs to the channel's organization.
 */
async function sendOf(
  trx: Transaction<WhatsAppDB>,
  item: StatusItem,
  source: WebhookSource,
): Promise<LedgerSend | undefined> {
  const byWamid = await findSendByProviderId(trx, item.id);
  const named = item.biz_opaque_callback_data;
  if (byWamid || typeof named !== "string" || !UUID.test(named)) return byWamid;
  const send = await findSend(trx, named);
  return send?.provider_message_id === null && send.organization_id === source.organizationId
    ? send
    : undefined;
}

/**
 * A status of a message we sent: stored once per (wamid, status), applied to our send (forward
 * only, adopting the wamid if the send did not know it) and reported for OUR message id.
 * Statuses we cannot place are stored unapplied and otherwise ignored.
 */
export async function receiveMessageStatus(
  trx: Transaction<WhatsAppDB>,
  source: WebhookSource,
  item: StatusItem,
): Promise<void> {
  await lockProviderId(trx, item.id);
  const send = await sendOf(trx, item, source);
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
  await applyMessageStatus(trx, send.message_id, update);
}
