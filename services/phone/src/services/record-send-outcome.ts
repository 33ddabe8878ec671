import { type LedgerSend, lockProviderId, markWebhooksApplied, unappliedWebhooks } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";
import { type FormParams, flattenForm } from "../twilio/form.js";
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
    const early = await unappliedWebhooks<FormParams>(trx, "message_status", sid);
    for (const callback of early) {
      const update = statusUpdateOf(MessageStatusParams.parse(flattenForm(callback.payload)));
      if (update) await applyMessageStatus(trx, send.message_id, update);
    }
    await markWebhooksApplied(
      trx,
      early.map((callback) => callback.id),
    );
  });
}
