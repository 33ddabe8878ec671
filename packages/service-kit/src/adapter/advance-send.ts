import { canAdvance, DeliveryStatus, type EventEnvelope } from "@relay/domain";
import { type QueryExecutorProvider, sql, type Transaction } from "kysely";
import { enqueue } from "../outbox.js";
import type { LedgerSend, SendStatusUpdate } from "./send-ledger.js";

export interface StatusUpdate extends SendStatusUpdate {
  status: DeliveryStatus;
}

/** The statuses from which `next` is a step forward, by the domain's one order. */
function statusesBefore(next: DeliveryStatus): DeliveryStatus[] {
  return DeliveryStatus.options.filter((current) => canAdvance(current, next));
}

/**
 * Moves a send forward in one statement (never back: a late `sent` after `delivered` changes
 * nothing) and returns the row after, or undefined when the update was not a step forward.
 */
export async function advanceSend(
  db: QueryExecutorProvider,
  messageId: string,
  update: StatusUpdate,
): Promise<LedgerSend | undefined> {
  const { rows } = await sql<LedgerSend>`
    update sends set status = ${update.status},
      provider_message_id = coalesce(${update.provider_message_id ?? null}, provider_message_id),
      error_code = ${update.error_code ?? null}, error_message = ${update.error_message ?? null},
      attempt_started_at = null, claimed_until = null, due_at = null, updated_at = now()
    where message_id = ${messageId} and status in (${sql.join(statusesBefore(update.status))})
    returning *`.execute(db);
  return rows[0];
}

/** Turns a status change of a send into the adapter's event (`phone.message.status`, …). */
export type ReportStatus = (send: LedgerSend, update: StatusUpdate) => EventEnvelope;

/** Advances a send and, when it moved, reports it through the outbox in the same transaction. */
export async function applySendStatus<DB>(
  trx: Transaction<DB>,
  messageId: string,
  update: StatusUpdate,
  report: ReportStatus,
): Promise<LedgerSend | undefined> {
  const advanced = await advanceSend(trx, messageId, update);
  if (advanced) await enqueue(trx, report(advanced, update));
  return advanced;
}
