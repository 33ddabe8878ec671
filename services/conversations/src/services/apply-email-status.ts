import {
  canAdvance,
  DeliveryStatus,
  type EmailMessageStatus,
  type EventOf,
  MessageUpdated,
} from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import { findMessage, type MessagePatch, updateMessage } from "../db/messages.js";
import { suppress } from "../db/suppressions.js";
import type { ConversationsDeps } from "../deps.js";
import { toMessage } from "./message-view.js";

/**
 * The email adapter's status for one of our emails: forward only, failures keep the code and
 * message. A hard bounce also records the address as undeliverable on the channel, so the next
 * send to it is refused before anything is queued.
 */
export async function applyEmailStatus(
  deps: Pick<ConversationsDeps, "transact" | "logger">,
  event: EventOf<typeof EmailMessageStatus>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    const row = await findMessage(trx, organizationId, data.message_id, { forUpdate: true });
    if (row?.direction !== "OUTBOUND" || row.type !== "email") {
      deps.logger.warn({ message_id: data.message_id, event_id: event.id }, "status for an unknown email");
      return;
    }
    const patch: MessagePatch = {};
    if (canAdvance(DeliveryStatus.parse(row.delivery_status), data.status)) {
      patch.delivery_status = data.status;
      if (data.status === "failed" || data.status === "undelivered") {
        patch.error_code = data.error_code ?? null;
        patch.error_message = data.error_message ?? null;
      }
    }
    if (Object.keys(patch).length > 0) {
      const updated = await updateMessage(trx, organizationId, row.id, patch);
      if (updated) await enqueue(trx, newEvent(MessageUpdated, organizationId, toMessage(updated)));
    }
    if (data.hard_bounce) {
      const reason =
        [data.error_code, data.error_message].filter((part) => part !== undefined && part !== "").join(" ") ||
        "hard bounce";
      await suppress(
        trx,
        { organizationId, channelId: row.channel_id, address: data.recipient ?? row.to_address },
        reason,
      );
    }
  });
}
