import { canAdvance, DeliveryStatus, type EventEnvelope } from "@relay/domain";
import { type QueryExecutorProvider, sql, type Transaction } from "kysely";
import { enqueue, enqueueFrom } from "../outbox.js";
import type { LedgerSend, SendStatusUpdate } from "./send-ledger.js";

export interface StatusUpdate extends SendStatusUpdate {
  status: DeliveryStatus;
}

/** The statuses from which `next` is a step forward, by the domain's one order. */
function statusesBefore(next: DeliveryStatus): DeliveryStatus[] {
  return DeliveryStatus.options.filter((current) => canAdvance(current, next));
}

/** The forward-only update (never back: a late `sent` after `delivered` changes nothing). */
function advanceStatement(messageId: string, update: StatusUpdate, sameProviderId = false) {
  const providerId = update.provider_message_id ?? null;
  // Adopting a provider id never replaces another one the send already has.
  const guard =
    sameProviderId && providerId !== null
      ? sql`and (provider_message_id is null or provider_message_id = ${providerId})`
      : sql``;
  return sql`
    update sends set status = ${update.status},
      provider_message_id = coalesce(${providerId}, provider_message_id),
      error_code = ${update.error_code ?? null}, error_message = ${update.error_message ?? null},
      attempt_started_at = null, claimed_until = null, due_at = null, updated_at = now()
    where message_id = ${messageId} and status in (${sql.join(statusesBefore(update.status))}) ${guard}`;
}

/** Moves a send forward in one statement; returns the row after, or undefined when it did not move. */
export async function advanceSend(
  db: QueryExecutorProvider,
  messageId: string,
  update: StatusUpdate,
): Promise<LedgerSend | undefined> {
  const { rows } = await sql<LedgerSend>`${advanceStatement(messageId, update)} returning *`.execute(db);
  return rows[0];
}

/**
 * `applySendStatus` as one statement that commits on its own, for a caller that knows the event
 * beforehand (the send's ids, the provider's id): its outbox row is written only if the send
 * moved. `sameProviderId`: a send that already has another provider id is left as it is.
 * Returns whether the send moved.
 */
export async function advanceSendReporting(
  db: QueryExecutorProvider,
  messageId: string,
  update: StatusUpdate,
  event: EventEnvelope,
  options: { sameProviderId?: boolean } = {},
): Promise<boolean> {
  const result = await sql`
    with advanced as (${advanceStatement(messageId, update, options.sameProviderId)} returning message_id)
    ${enqueueFrom("advanced", event)}`.execute(db);
  return (result.numAffectedRows ?? 0n) > 0n;
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
