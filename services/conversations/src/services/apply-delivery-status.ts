import { canAdvance, type DeliveryReport, DeliveryStatus, MessageUpdated } from "@relay/domain";
import { claimEvents, enqueue, newEvent } from "@relay/service-kit";
import { lockMessages, updateStatuses } from "../db/message-statuses.js";
import type { MessagePatch } from "../db/messages.js";
import type { MessageRow } from "../db/schema.js";
import type { ConversationsDeps } from "../deps.js";
import type { StatusPolicy } from "../policies/policy.js";
import { toMessage } from "./message-view.js";

/** An adapter's status event, parsed. */
export interface StatusEvent {
  id: string;
  organization_id: string;
  data: DeliveryReport;
}

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

const keyOf = (organizationId: string, id: string) => `${organizationId}/${id}`;

/**
 * An adapter's statuses for our messages of its channel, applied in order, many in one
 * transaction: one inbox insert, one locking read, one update and one outbox insert for all.
 * Statuses only move forward, by the domain's one order (a late `sent` never replaces
 * `delivered`, nor `delivered` WhatsApp's `read`); failures keep the provider's code and message;
 * each change is announced (`conversations.message.updated`); then what the report means for
 * the channel (a carrier opt-out, a hard bounce). Each event runs once (`consumer` inbox).
 */
export async function applyDeliveryStatuses(
  deps: Pick<ConversationsDeps, "transact" | "logger">,
  policy: StatusPolicy,
  events: StatusEvent[],
  consumer: string,
): Promise<void> {
  await deps.transact(async (trx) => {
    const fresh = await claimEvents(
      trx,
      consumer,
      events.map((event) => event.id),
    );
    // A repeat inside one batch is handled once, like one across batches.
    const todo = events.filter((event) => fresh.delete(event.id.toLowerCase()));
    if (todo.length === 0) return;
    const locked = await lockMessages(
      trx,
      todo.map((event) => ({ organizationId: event.organization_id, id: event.data.message_id })),
    );
    const current = new Map(locked.map((row) => [keyOf(row.organization_id, row.id), row]));
    const steps: MessageRow[] = [];
    for (const event of todo) {
      const key = keyOf(event.organization_id, event.data.message_id);
      const row = current.get(key);
      if (row?.direction !== "OUTBOUND" || row.type !== policy.messageType) {
        const where = { channel: policy.channelType, message_id: event.data.message_id, event_id: event.id };
        deps.logger.warn(where, "status for an unknown message");
        continue;
      }
      const patch = patchFor(row, event.data);
      if (Object.keys(patch).length > 0) {
        const next = { ...row, ...patch } as MessageRow;
        current.set(key, next);
        steps.push(next);
      }
      await policy.afterStatus?.(trx, row, event.data);
    }
    const last = new Map(steps.map((row) => [keyOf(row.organization_id, row.id), row]));
    const updatedAt = await updateStatuses(trx, [...last.values()]);
    const announced = steps.flatMap((row) => {
      const at = updatedAt.get(row.id);
      return at ? [newEvent(MessageUpdated, row.organization_id, toMessage({ ...row, updated_at: at }))] : [];
    });
    await enqueue(trx, ...announced);
  });
}
