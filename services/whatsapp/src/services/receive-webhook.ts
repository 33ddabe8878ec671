import { ForbiddenError } from "@relay/domain";
import type { WhatsAppDeps } from "../deps.js";
import { type ChangeValue, changeValues, WebhookPayload } from "../graph/webhook-payload.js";
import { authenticateWebhook, type WebhookSource } from "./authenticate-webhook.js";
import { receiveInboundMessage } from "./receive-inbound-message.js";
import { receiveMessageStatus } from "./receive-message-status.js";

/** `sha256=` and 64 hex digits: anything else cannot be Meta's signature. */
const SIGNATURE = /^sha256=[0-9a-f]{64}$/i;

/** The `messages` changes of a body; none when it is not a webhook payload at all. */
function changeValuesOf(rawBody: string): ChangeValue[] {
  try {
    const payload = WebhookPayload.safeParse(JSON.parse(rawBody));
    return payload.success ? changeValues(payload.data) : [];
  } catch {
    return [];
  }
}

/**
 * A webhook POST is verified before anything is accepted: a missing or malformed signature is a
 * 403 before the body is read; a body naming no channel (not JSON, no `messages` change) has no
 * app secret to verify it with, so it is a 403 too. Every change is authenticated (one bad
 * signature → 403, nothing stored), then its messages and statuses are stored in one transaction.
 */
export async function receiveWebhook(
  deps: Pick<WhatsAppDeps, "directory" | "transact">,
  rawBody: string,
  signature: string | undefined,
): Promise<void> {
  if (!signature) throw new ForbiddenError("missing X-Hub-Signature-256");
  if (!SIGNATURE.test(signature)) throw new ForbiddenError("invalid X-Hub-Signature-256");
  const values = changeValuesOf(rawBody);
  if (values.length === 0) {
    throw new ForbiddenError("invalid X-Hub-Signature-256: the body names no channel to verify it with");
  }
  const sourced: Array<{ value: ChangeValue; source: WebhookSource }> = [];
  for (const value of values) {
    sourced.push({ value, source: await authenticateWebhook(deps, value.metadata, rawBody, signature) });
  }
  await deps.transact(async (trx) => {
    for (const { value, source } of sourced) {
      for (const message of value.messages) await receiveInboundMessage(trx, source, value, message);
      for (const status of value.statuses) await receiveMessageStatus(trx, source, status);
    }
  });
}
