import { PhoneMessageStatus } from "@relay/domain";
import { newEvent, type SendState } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";
import type { StatusUpdate } from "./apply-message-status.js";
import { ahead } from "./send-states.js";

/**
 * A status callback for the send its URL names (`?send=`), whose provider id is this sid or not
 * yet known: one statement moves the send forward (adopting the sid) and writes the event, both
 * only if it is a step forward. A callback that is no step forward from what is known (a repeat,
 * a late `queued` after `sent`) writes nothing. No webhook row and no lock: the ledger's
 * forward-only update is idempotent, and the send's row lock orders it against its outcome.
 * Callbacks arriving together share a statement (`SendStatusWriter`); each is answered after
 * the commit of its own batch.
 */
export async function advanceNamedSend(
  deps: Pick<PhoneDeps, "statuses" | "sends">,
  send: SendState,
  update: StatusUpdate,
): Promise<void> {
  if (!ahead(send.status, update.status)) return;
  const event = newEvent(PhoneMessageStatus, send.organization_id, {
    message_id: send.message_id,
    channel_id: send.channel_id,
    provider_message_id: update.provider_message_id,
    status: update.status,
    error_code: update.error_code,
    error_message: update.error_message,
  });
  const moved = await deps.statuses.advance({
    messageId: send.message_id,
    update,
    event,
    sameProviderId: true,
  });
  if (moved && update.provider_message_id) {
    deps.sends.reached({ ...send, status: update.status, provider_message_id: update.provider_message_id });
  }
}
