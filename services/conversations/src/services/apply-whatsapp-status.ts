import {
  canAdvance,
  DeliveryStatus,
  type EventOf,
  MessageUpdated,
  type WhatsAppMessageStatus,
} from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import { findMessage, type MessagePatch, updateMessage } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { toMessage } from "./message-view.js";

/**
 * A WhatsApp status for one of our messages: forward only (`sent → delivered → read`; a late
 * `delivered` never replaces `read`), failures keep Meta's code and message, and no failure
 * ever records an opt-out (Meta has no STOP-style error; consent changes only by keyword).
 */
export async function applyWhatsAppStatus(
  deps: Pick<ConversationsDeps, "transact" | "logger">,
  event: EventOf<typeof WhatsAppMessageStatus>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    const row = await findMessage(trx, organizationId, data.message_id, { forUpdate: true });
    if (row?.direction !== "OUTBOUND" || row.type !== "whatsapp") {
      deps.logger.warn(
        { message_id: data.message_id, event_id: event.id },
        "whatsapp status for an unknown message",
      );
      return;
    }
    const patch: MessagePatch = {};
    if (canAdvance(DeliveryStatus.parse(row.delivery_status), data.status)) {
      patch.delivery_status = data.status;
      if (data.status === "failed") {
        patch.error_code = data.error_code ?? null;
        patch.error_message = data.error_message ?? null;
      }
    }
    if (data.provider_message_id !== undefined && row.provider_message_id === null) {
      patch.provider_message_id = data.provider_message_id;
    }
    if (Object.keys(patch).length === 0) return;
    const updated = await updateMessage(trx, organizationId, row.id, patch);
    if (updated) await enqueue(trx, newEvent(MessageUpdated, organizationId, toMessage(updated)));
  });
}
