import { type EventDef, type EventEnvelope, type EventOf, envelopeOf } from "@relay/domain";
import { type Kysely, sql, type Transaction } from "kysely";
import type { z } from "zod";
import type { Idempotency, IdempotencyKey } from "./idempotency.js";
import { currentContext } from "./observability/request-context.js";

/** Builds an event envelope, validating its data against the event's schema. */
export function newEvent<D extends EventDef>(
  def: D,
  organizationId: string,
  data: z.input<D["data"]>,
): EventOf<D> {
  return envelopeOf(def).parse({
    id: crypto.randomUUID(),
    type: def.subject,
    organization_id: organizationId,
    occurred_at: new Date().toISOString(),
    data,
  }) as EventOf<D>;
}

/** Transactions that wrote events: only their commit needs to wake the relay. */
const wroteEvents = new WeakSet<object>();
/** Events of a `transact` transaction, written in one statement just before it commits. */
const pending = new WeakMap<object, EventEnvelope[]>();

async function insertEvents<DB>(trx: Transaction<DB>, events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const origin = currentContext();
  const requestId = origin?.requestId ?? null;
  const traceparent = origin?.traceparent ?? null;
  const rows = events.map(
    (event) =>
      sql`(${event.id}, ${event.type}, ${event.organization_id}, ${JSON.stringify(event)}::jsonb, ${requestId}, ${traceparent})`,
  );
  await sql`
    insert into outbox (id, subject, organization_id, payload, request_id, traceparent)
    values ${sql.join(rows)}`.execute(trx);
}

/**
 * Writes events in the caller's transaction: they are published if and only if it commits. In a
 * `transact` transaction they are gathered and written together when its work is done.
 */
export async function enqueue<DB>(trx: Transaction<DB>, ...events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  wroteEvents.add(trx);
  const gathered = pending.get(trx);
  if (gathered) gathered.push(...events);
  else await insertEvents(trx, events);
}

/**
 * `insert into outbox … select <event> from <source>`: the tail of a single statement that writes
 * the event only for a row `source` (a CTE of the same statement) yields.
 */
export function enqueueFrom(source: string, event: EventEnvelope) {
  const origin = currentContext();
  return sql`
    insert into outbox (id, subject, organization_id, payload, request_id, traceparent)
    select ${event.id}::uuid, ${event.type}, ${event.organization_id}::uuid, ${JSON.stringify(event)}::jsonb,
      ${origin?.requestId ?? null}, ${origin?.traceparent ?? null}
    from ${sql.table(source)}`;
}

/**
 * Marks an event as processed by `consumer` in the caller's transaction.
 * Returns false when it was already processed: the handler then does nothing.
 */
export async function claimEvent<DB>(
  trx: Transaction<DB>,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const result = await sql`
    insert into inbox (consumer, event_id) values (${consumer}, ${eventId})
    on conflict do nothing`.execute(trx);
  return (result.numAffectedRows ?? 0n) > 0n;
}

/** `claimEvent` for many events in one statement; returns the ids not processed before. */
export async function claimEvents<DB>(
  trx: Transaction<DB>,
  consumer: string,
  eventIds: string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await sql<{ event_id: string }>`
    insert into inbox (consumer, event_id)
    select ${consumer}, id from unnest(${eventIds}::uuid[]) as ids(id)
    on conflict do nothing
    returning event_id`.execute(trx);
  return new Set(rows.map((row) => row.event_id));
}

export interface TransactOptions {
  /** The request's Idempotency-Key: claimed in this transaction, its result stored with the effect. */
  idempotency?: IdempotencyKey | undefined;
}

/**
 * Runs work in a transaction; after it commits, wakes the relay so its events go out now.
 * With an idempotency key, an earlier request's stored result is returned instead of running it.
 */
export type Transact<DB> = <T>(
  work: (trx: Transaction<DB>) => Promise<T>,
  options?: TransactOptions,
) => Promise<T>;

export function transactor<DB>(
  db: Kysely<DB>,
  relay?: { kick(): void },
  idempotency?: Idempotency,
): Transact<DB> {
  return async (work, options) => {
    const key = options?.idempotency;
    let used: object | undefined;
    const result = await db.transaction().execute(async (trx) => {
      used = trx;
      const events: EventEnvelope[] = [];
      pending.set(trx, events);
      let value: Awaited<ReturnType<typeof work>>;
      if (!key) value = await work(trx);
      else if (!idempotency) throw new Error("this transactor was built without idempotency support");
      else value = await idempotency.run(trx, key, () => work(trx));
      pending.delete(trx);
      await insertEvents(trx, events);
      return value;
    });
    // A transaction that wrote no event gives the relay nothing to do: an empty pass is 3 statements.
    if (used && wroteEvents.has(used)) relay?.kick();
    return result;
  };
}

/**
 * Runs one statement that commits on its own (no BEGIN/COMMIT round trips), e.g. an update whose
 * event is written by the same statement (`enqueueFrom`), then wakes the relay.
 */
export type Autocommit<DB> = <T>(statement: (db: Kysely<DB>) => Promise<T>) => Promise<T>;

export function autocommitter<DB>(db: Kysely<DB>, relay?: { kick(): void }): Autocommit<DB> {
  return async (statement) => {
    const result = await statement(db);
    relay?.kick();
    return result;
  };
}
