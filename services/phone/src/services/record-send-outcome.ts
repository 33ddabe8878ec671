import type { SendRow } from "../db/schema.js";
import { findSend, lockProviderId } from "../db/sends.js";
import { markApplied, unappliedStatusCallbacks } from "../db/webhooks.js";
import type { PhoneDeps } from "../deps.js";
import { flattenForm } from "../twilio/form.js";
import { MessageStatusParams } from "../twilio/webhook-params.js";
import { applyMessageStatus, type StatusUpdate } from "./apply-message-status.js";
import { statusUpdateOf } from "./status-update-of.js";

/**
 * Records what Twilio answered (`sent` with its sid, or `failed`) and reports it, in one
 * transaction. Status callbacks that raced ahead of this (stored, unapplied) are applied now.
 */
export function recordSendOutcome(
  deps: Pick<PhoneDeps, "transact">,
  send: SendRow,
  outcome: StatusUpdate,
): Promise<void> {
  return deps.transact(async (trx) => {
    const sid = outcome.provider_message_id;
    if (sid) await lockProviderId(trx, sid);
    const current = await findSend(trx, send.message_id);
    let status = await applyMessageStatus(trx, send, current?.status ?? send.status, outcome);
    if (!sid) return;
    const early = await unappliedStatusCallbacks(trx, sid);
    for (const callback of early) {
      const update = statusUpdateOf(MessageStatusParams.parse(flattenForm(callback.payload)));
      if (update)
        status = await applyMessageStatus(trx, { ...send, provider_message_id: sid }, status, update);
    }
    await markApplied(
      trx,
      early.map((callback) => callback.id),
    );
  });
}
