import { MessageUpdated } from "@relay/domain";
import { enqueue, newEvent, type ObserveLag } from "@relay/service-kit";
import { lockConsent } from "../db/consents.js";
import { claimDueMessage, type MessagePatch, updateMessage } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { policyOfMessage } from "../policies/index.js";
import { isOptedOut } from "./consent-check.js";
import { toMessage } from "./message-view.js";

export const OPTED_OUT_ERROR_CODE = "opted_out";

const OPTED_OUT = {
  error_code: OPTED_OUT_ERROR_CODE,
  error_message: "the contact opted out of this channel before the message was due; nothing was sent",
};

/**
 * Releases one due scheduled message, if any: consent is checked again under its lock (the
 * contact may have opted out since), then the channel's own recheck (an email's address may have
 * bounced, a free-form WhatsApp message may be outside the 24-hour window now). It becomes
 * `queued` with its send command, or `failed` with the reason and nothing sent. Returns false
 * when nothing was due.
 */
export async function releaseScheduled(
  deps: Pick<ConversationsDeps, "transact">,
  observeLag?: ObserveLag,
): Promise<boolean> {
  return deps.transact(async (trx) => {
    const row = await claimDueMessage(trx);
    if (!row) return false;
    if (row.schedule_at) observeLag?.(row.schedule_at, new Date());
    const policy = policyOfMessage(row.type);
    const key = { organizationId: row.organization_id, contactId: row.contact_id, channelId: row.channel_id };
    await lockConsent(trx, key);
    const failure = (await isOptedOut(trx, key)) ? OPTED_OUT : await policy.recheck(trx, row);
    const patch: MessagePatch = failure
      ? { delivery_status: "failed", ...failure }
      : { delivery_status: "queued" };
    const updated = await updateMessage(trx, row.organization_id, row.id, patch);
    if (!updated) return true;
    const event = newEvent(MessageUpdated, updated.organization_id, toMessage(updated));
    await enqueue(trx, ...(failure ? [event] : [policy.command(updated), event]));
    return true;
  });
}

/** Releases up to `limit` due messages, each in its own transaction. Returns how many. */
export async function releaseDueMessages(
  deps: Pick<ConversationsDeps, "transact">,
  limit: number,
  observeLag?: ObserveLag,
): Promise<number> {
  let released = 0;
  while (released < limit && (await releaseScheduled(deps, observeLag))) released += 1;
  return released;
}
