import { type LedgerSend, lockProviderId } from "@relay/service-kit";
import { markApplied, unappliedStatusCallbacks } from "../db/webhooks.js";
import type { PhoneDeps } from "../deps.js";
import { flattenForm } from "../twilio/form.js";
import { MessageStatusParams } from "../twilio/webhook-params.js";
import { applyMessageStatus, type StatusUpdate } from "./apply-message-status.js";
import { statusUpdateOf } from "./status-update-of.js";

/**
 * Records what Twilio answered (`sent` with its sid, or `failed`) and reports it, in one
 * transaction. Status callbacks stored before the sid was known to us are applied now.
 */
export function recordSendOutcome(
  deps: Pick<PhoneDeps, "transact">,
  send: Pick<LedgerSend, "message_id">,
  outcome: StatusUpdate,
): Promise<void> {
  return deps.transact(async (trx) => {
    const sid = outcome.provider_message_id;
    if (sid) await lockProviderId(trx, sid);
    await applyMessageStatus(trx, send.message_id, outcome);
    if (!sid) return;
    const early = await unappliedStatusCallbacks(trx, sid);
    for (const callback of early) {
      const update = statusUpdateOf(MessageStatusParams.parse(flattenForm(callback.payload)));
      if (update) await applyMessageStatus(trx, send.message_id, update);
    }
    await markApplied(
      trx,
      early.map((callback) => callback.id),
    );
  });
}
