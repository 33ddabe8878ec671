import { type EventDef, type EventEnvelope, type EventOf, envelopeOf } from "@relay/domain";
import { type Kysely, sql, type Transaction } from "kysely";
import type { z } from "zod";
import type { Idempotency, IdempotencyKey } from "./idempotency.js";

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

/** Writes events in the caller's transaction: they are published if and only if it commits. */
export async function enqueue<DB>(trx: Transaction<DB>, ...events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(
    (event) => sql`(${event.id}, ${event.type}, ${event.organization_id}, ${JSON.stringify(event)}::jsonb)`,
  );
  await sql`insert into outbox (id, subject, organization_id, payload) values ${sql.join(rows)}`.execute(trx);
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
    const result = await db.transaction().execute((trx) => {
      if (!key) return work(trx);
      if (!idempotency) throw new Error("this transactor was built without idempotency support");
      return idempotency.run(trx, key, () => work(trx));
    });
    relay?.kick();
    return result;
  };
}
