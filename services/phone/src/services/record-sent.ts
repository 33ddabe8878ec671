import { PhoneMessageStatus } from "@relay/domain";
import { type LedgerSend, newEvent } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";

/**
 * Records Twilio's answer to this attempt's call (`sent` with its sid) and reports it, in one
 * statement (shared with the other answers and callbacks of the moment: `SendStatusWriter`). Its callbacks name the send (`?send=`), so none can have been stored unapplied for
 * this sid (see named-send.ts): no lock and no lookup of early callbacks, unlike a sid found by
 * reconciliation (record-send-outcome.ts).
 */
export async function recordSent(
  deps: Pick<PhoneDeps, "statuses" | "sends">,
  send: Pick<LedgerSend, "message_id" | "organization_id" | "channel_id">,
  sid: string,
): Promise<void> {
  const update = { status: "sent" as const, provider_message_id: sid };
  const event = newEvent(PhoneMessageStatus, send.organization_id, {
    message_id: send.message_id,
    channel_id: send.channel_id,
    ...update,
  });
  const moved = await deps.statuses.advance({ messageId: send.message_id, update, event });
  if (!moved) return;
  const { message_id, organization_id, channel_id } = send;
  deps.sends.reached({ message_id, organization_id, channel_id, status: "sent", provider_message_id: sid });
}
