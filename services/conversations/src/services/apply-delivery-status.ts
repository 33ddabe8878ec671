import { canAdvance, type DeliveryReport, DeliveryStatus, MessageUpdated } from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import { findMessage, type MessagePatch, updateMessage } from "../db/messages.js";
import type { MessageRow } from "../db/schema.js";
import type { ConversationsDeps } from "../deps.js";
import type { StatusPolicy } from "../policies/policy.js";
import { toMessage } from "./message-view.js";

/** What a report changes on the message: a status further along, its error, the provider's id. */
function patchFor(row: MessageRow, report: DeliveryReport): MessagePatch {
  const patch: MessagePatch = {};
  if (canAdvance(DeliveryStatus.parse(row.delivery_status), report.status)) {
    patch.delivery_status = report.status;
    if (report.status === "failed" || report.status === "undelivered") {
      patch.error_code = report.error_code ?? null;
      patch.error_message = report.error_message ?? null;
    }
  }
  if (report.provider_message_id !== undefined && row.provider_message_id === null) {
    patch.provider_message_id = report.provider_message_id;
  }
  return patch;
}

/**
 * An adapter's status for one of our messages of its channel. Statuses only move forward, by the
 * domain's one order (a late `sent` never replaces `delivered`, nor `delivered` WhatsApp's
 * `read`); failures keep the provider's code and message; then what the report means for the
 * channel (a carrier opt-out, a hard bounce).
 */
export async function applyDeliveryStatus(
  deps: Pick<ConversationsDeps, "transact" | "logger">,
  policy: StatusPolicy,
  event: { id: string; organization_id: string; data: DeliveryReport },
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const report = event.data;
  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    const row = await findMessage(trx, organizationId, report.message_id, { forUpdate: true });
    if (row?.direction !== "OUTBOUND" || row.type !== policy.messageType) {
      const where = { channel: policy.channelType, message_id: report.message_id, event_id: event.id };
      deps.logger.warn(where, "status for an unknown message");
      return;
    }
    const patch = patchFor(row, report);
    if (Object.keys(patch).length > 0) {
      const updated = await updateMessage(trx, organizationId, row.id, patch);
      if (updated) await enqueue(trx, newEvent(MessageUpdated, organizationId, toMessage(updated)));
    }
    await policy.afterStatus?.(trx, row, report);
  });
}
