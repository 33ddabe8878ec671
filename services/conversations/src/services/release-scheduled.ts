import { MessageUpdated } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { lockConsent } from "../db/consents.js";
import { claimDueMessage, type MessagePatch, updateMessage } from "../db/messages.js";
import { findSuppression } from "../db/suppressions.js";
import type { ConversationsDeps } from "../deps.js";
import { isOptedOut } from "./consent-check.js";
import { toMessage } from "./message-view.js";
import { sendCommand } from "./send-command.js";
import { OUTSIDE_WINDOW_ERROR_CODE, OUTSIDE_WINDOW_MESSAGE, withinWindow } from "./whatsapp-window.js";

export const OPTED_OUT_ERROR_CODE = "opted_out";
export const BOUNCED_ERROR_CODE = "hard_bounced";

/**
 * Releases one due scheduled message, if any: consent is checked again (the contact may have
 * opted out since), then it becomes `queued` with its send command (`cmd.phone.send` or
 * `cmd.email.send`), or `failed` with error `opted_out` (or, for an email whose address has
 * bounced permanently since, `hard_bounced`; for a free-form WhatsApp message now outside the
 * 24-hour window, `outside_window`) and nothing sent. Returns false when nothing was due.
 */
export async function releaseScheduled(deps: Pick<ConversationsDeps, "transact">): Promise<boolean> {
  return deps.transact(async (trx) => {
    const row = await claimDueMessage(trx);
    if (!row) return false;
    const key = { organizationId: row.organization_id, contactId: row.contact_id, channelId: row.channel_id };
    await lockConsent(trx, key);
    const optedOut = await isOptedOut(trx, key);
    const bounced =
      row.type === "email"
        ? await findSuppression(trx, {
            organizationId: row.organization_id,
            channelId: row.channel_id,
            address: row.to_address,
          })
        : undefined;
    const outsideWindow =
      row.type === "whatsapp" && row.whatsapp?.kind !== "template" && !(await withinWindow(trx, key));
    let patch: MessagePatch = { delivery_status: "queued" };
    if (optedOut) {
      patch = {
        delivery_status: "failed",
        error_code: OPTED_OUT_ERROR_CODE,
        error_message: "the contact opted out of this channel before the message was due; nothing was sent",
      };
    } else if (bounced !== undefined) {
      patch = {
        delivery_status: "failed",
        error_code: BOUNCED_ERROR_CODE,
        error_message: `the address bounced permanently (${bounced}); nothing was sent`,
      };
    } else if (outsideWindow) {
      patch = {
        delivery_status: "failed",
        error_code: OUTSIDE_WINDOW_ERROR_CODE,
        error_message: `${OUTSIDE_WINDOW_MESSAGE}; nothing was sent`,
      };
    }
    const failed = patch.delivery_status === "failed";
    const updated = await updateMessage(trx, row.organization_id, row.id, patch);
    if (!updated) return true;
    const event = newEvent(MessageUpdated, updated.organization_id, toMessage(updated));
    await enqueue(trx, ...(failed ? [event] : [sendCommand(updated), event]));
    return true;
  });
}

/** Releases up to `limit` due messages, each in its own transaction. Returns how many. */
export async function releaseDueMessages(
  deps: Pick<ConversationsDeps, "transact">,
  limit: number,
): Promise<number> {
  let released = 0;
  while (released < limit && (await releaseScheduled(deps))) released += 1;
  return released;
}
