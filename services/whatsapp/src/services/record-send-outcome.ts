import type { SendRow } from "../db/schema.js";
import { findSend, lockProviderId } from "../db/sends.js";
import type { WhatsAppDeps } from "../deps.js";
import { applyMessageStatus, type StatusUpdate } from "./apply-message-status.js";

/** Records what the Graph API answered (`sent` with its wamid, or `failed`) and reports it, in one transaction. */
export function recordSendOutcome(
  deps: Pick<WhatsAppDeps, "transact">,
  send: SendRow,
  outcome: StatusUpdate,
): Promise<void> {
  return deps.transact(async (trx) => {
    if (outcome.provider_message_id) await lockProviderId(trx, outcome.provider_message_id);
    const current = await findSend(trx, send.message_id);
    await applyMessageStatus(trx, send, current?.status ?? send.status, outcome);
  });
}
