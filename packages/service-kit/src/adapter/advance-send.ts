import { canAdvance, DeliveryStatus, type EventEnvelope } from "@relay/domain";
import { type Kysely, type QueryExecutorProvider, sql, type Transaction } from "kysely";
import { currentContext, type RequestContext } from "../observability/request-context.js";
import { type Autocommit, enqueue, enqueueFrom } from "../outbox.js";
import { WriteBatcher } from "../write-batcher.js";
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

/** One status change to report if it moves its send (`advanceSendReporting`'s arguments). */
export interface ReportedAdvance {
  messageId: string;
  update: StatusUpdate;
  /** Written to the outbox only if the send moves. */
  event: EventEnvelope;
  /** A send that already holds another provider id is left as it is. */
  sameProviderId?: boolean | undefined;
  /** The request the change came from, carried by its outbox row (NATS headers). */
  origin?: RequestContext | undefined;
}

/**
 * Splits items into rounds in which each send appears once (an `UPDATE … FROM` moves a row once
 * per statement): the n-th change of a send goes into round n, so rounds apply them in order.
 */
function roundsOf(items: ReportedAdvance[]): Array<Array<{ item: ReportedAdvance; index: number }>> {
  const rounds: Array<Array<{ item: ReportedAdvance; index: number }>> = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const id = item.messageId.toLowerCase();
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    rounds[n] ??= [];
    rounds[n]?.push({ item, index });
  });
  return rounds;
}

/** `advanceStatement` for many sends (each once), their events written for those that moved. */
function advanceManyStatement(round: Array<{ item: ReportedAdvance }>) {
  const rows = round.map(({ item }) => ({
    message_id: item.messageId,
    status: item.update.status,
    provider_message_id: item.update.provider_message_id ?? null,
    error_code: item.update.error_code ?? null,
    error_message: item.update.error_message ?? null,
    before: statusesBefore(item.update.status),
    same_provider: item.sameProviderId === true,
    event_id: item.event.id,
    subject: item.event.type,
    organization_id: item.event.organization_id,
    payload: item.event,
    request_id: item.origin?.requestId ?? null,
    traceparent: item.origin?.traceparent ?? null,
  }));
  // Rows are locked in id order first, so two batches (two instances) never wait on each other in a circle.
  return sql<{ message_id: string }>`
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
        message_id uuid, status text, provider_message_id text, error_code text, error_message text,
        before text[], same_provider boolean, event_id uuid, subject text, organization_id uuid,
        payload jsonb, request_id text, traceparent text)
    ),
    locked as (
      select message_id from sends where message_id in (select message_id from v)
      order by message_id for update
    ),
    advanced as (
      update sends s set status = v.status,
        provider_message_id = coalesce(v.provider_message_id, s.provider_message_id),
        error_code = v.error_code, error_message = v.error_message,
        attempt_started_at = null, claimed_until = null, due_at = null, updated_at = now()
      from v join locked using (message_id)
      where s.message_id = v.message_id and s.status = any(v.before)
        and (not v.same_provider or v.provider_message_id is null
          or s.provider_message_id is null or s.provider_message_id = v.provider_message_id)
      returning s.message_id
    ),
    reported as (
      insert into outbox (id, subject, organization_id, payload, request_id, traceparent)
      select v.event_id, v.subject, v.organization_id, v.payload, v.request_id, v.traceparent
      from v join advanced using (message_id)
    )
    select message_id from advanced`;
}

/**
 * `advanceSendReporting` for many changes at once: one statement when each send appears once,
 * else one per round in one transaction (a send's changes applied in the order given, each
 * forward-only against what the one before it left). All or nothing. Returns, per item,
 * whether it moved its send.
 */
export async function advanceSendsReporting<DB>(
  db: Kysely<DB>,
  items: ReportedAdvance[],
): Promise<boolean[]> {
  const moved = items.map(() => false);
  const rounds = roundsOf(items);
  const apply = async (executor: QueryExecutorProvider) => {
    for (const round of rounds) {
      const { rows } = await advanceManyStatement(round).execute(executor);
      const ids = new Set(rows.map((row) => row.message_id.toLowerCase()));
      for (const { item, index } of round) moved[index] = ids.has(item.messageId.toLowerCase());
    }
  };
  if (rounds.length <= 1) await apply(db);
  else await db.transaction().execute(apply);
  return moved;
}

/**
 * Status changes of sends (a provider's answer, its status webhooks) written by group commit:
 * what arrives while one batch is written goes in the next, one statement for all (see
 * `WriteBatcher`). `advance` resolves once its change is committed, with whether it moved.
 */
export class SendStatusWriter<DB> {
  private readonly batcher: WriteBatcher<ReportedAdvance, boolean>;

  constructor(autocommit: Autocommit<DB>) {
    this.batcher = new WriteBatcher((items) => autocommit((db) => advanceSendsReporting(db, items)));
  }

  advance(change: ReportedAdvance): Promise<boolean> {
    return this.batcher.add({ ...change, origin: change.origin ?? currentContext() });
  }

  flushed(): Promise<void> {
    return this.batcher.flushed();
  }
}
