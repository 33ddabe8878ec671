import { parseOrThrow, ValidationError } from "@relay/domain";
import type { WhatsAppDeps } from "../deps.js";
import { type ChangeValue, changeValues, WebhookPayload } from "../graph/webhook-payload.js";
import { authenticateWebhook, type WebhookSource } from "./authenticate-webhook.js";
import { receiveInboundMessage } from "./receive-inbound-message.js";
import { receiveMessageStatus } from "./receive-message-status.js";

/**
 * A webhook POST: every change is authenticated first (one bad signature → 403, nothing
 * stored), then all its messages and statuses are stored and announced in one transaction.
 */
export async function receiveWebhook(
  deps: Pick<WhatsAppDeps, "directory" | "transact">,
  rawBody: string,
  signature: string | undefined,
): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    throw new ValidationError("the webhook body is not JSON", undefined, error);
  }
  const values = changeValues(parseOrThrow(WebhookPayload, json));
  const sourced: Array<{ value: ChangeValue; source: WebhookSource }> = [];
  for (const value of values) {
    sourced.push({ value, source: await authenticateWebhook(deps, value.metadata, rawBody, signature) });
  }
  if (sourced.length === 0) return;
  await deps.transact(async (trx) => {
    for (const { value, source } of sourced) {
      for (const message of value.messages) await receiveInboundMessage(trx, source, value, message);
      for (const status of value.statuses) await receiveMessageStatus(trx, source, status);
    }
  });
}
