import { type Kysely, sql } from "kysely";
import type { DeliveryRow, WebhooksDB } from "./schema.js";

export interface ClaimOptions {
  /** The service's clock: what is due. */
  now: Date;
  /** How long a claimed attempt is the claimer's (on the database's clock: real time must pass). */
  leaseMs: number;
  limit: number;
  /** Attempts this instance has in flight, per endpoint. */
  busy: Record<string, number>;
  /** Most attempts in flight to one endpoint. */
  perEndpoint: number;
}

/**
 * Claims due deliveries (FOR UPDATE SKIP LOCKED, then leased), oldest first, at most
 * `perEndpoint` in flight per endpoint. A delivery waits while an earlier one of the same
 * resource to the same endpoint is pending and has not failed yet: a healthy receiver sees a
 * resource's events in order, and a failing one never holds up what follows for long.
 */
export async function claimDue(db: Kysely<WebhooksDB>, options: ClaimOptions): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`
    with due as (
      select d.id, d.endpoint_id, d.seq, d.next_attempt_at
      from deliveries d
      where d.status = 'pending' and d.next_attempt_at <= ${options.now}
        and (d.leased_until is null or d.leased_until <= now())
        and not exists (
          select 1 from deliveries p
          where p.endpoint_id = d.endpoint_id and p.resource_key = d.resource_key
            and p.status = 'pending' and p.seq < d.seq and p.attempts = 0)
      order by d.next_attempt_at, d.seq
      limit ${options.limit * 4}
    ), ranked as (
      select id, seq, next_attempt_at,
        row_number() over (partition by endpoint_id order by next_attempt_at, seq)
          + coalesce((${JSON.stringify(options.busy)}::jsonb ->> endpoint_id::text)::int, 0) as slot
      from due
    ), chosen as (
      select d.id from deliveries d join ranked r on r.id = d.id
      where r.slot <= ${options.perEndpoint}
      order by r.next_attempt_at, r.seq
      limit ${options.limit}
      for update of d skip locked
    )
    update deliveries set leased_until = now() + ${`${options.leaseMs} milliseconds`}::interval
    from chosen where deliveries.id = chosen.id
    returning deliveries.*`.execute(db);
  return rows;
}

export interface Outcome {
  status: number | null;
  latencyMs: number;
  responseBody: string | null;
  error: string | null;
}

/** A delivered attempt: the delivery succeeded, its endpoint is failing no more. */
export async function markSucceeded(
  db: Kysely<WebhooksDB>,
  delivery: DeliveryRow,
  outcome: Outcome,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("deliveries")
      .set({
        status: "succeeded",
        attempts: sql`attempts + 1`,
        response_code: outcome.status,
        latency_ms: outcome.latencyMs,
        response_body: outcome.responseBody,
        error: null,
        last_attempt_at: now,
        delivered_at: now,
        next_attempt_at: null,
        leased_until: null,
        updated_at: now,
      })
      .where("id", "=", delivery.id)
      .execute();
    await trx
      .updateTable("endpoints")
      .set({ failing_since: null })
      .where("id", "=", delivery.endpoint_id)
      .where("failing_since", "is not", null)
      .execute();
  });
}

/** A failed attempt: retried at `retryAt`, or given up (`failed`) when it is null. */
export async function markFailed(
  db: Kysely<WebhooksDB>,
  delivery: DeliveryRow,
  outcome: Outcome,
  now: Date,
  retryAt: Date | null,
) {
  await db
    .updateTable("deliveries")
    .set({
      status: retryAt ? "pending" : "failed",
      attempts: sql`attempts + 1`,
      response_code: outcome.status,
      latency_ms: outcome.latencyMs,
      response_body: outcome.responseBody,
      error: outcome.error,
      last_attempt_at: now,
      next_attempt_at: retryAt,
      leased_until: null,
      updated_at: now,
    })
    .where("id", "=", delivery.id)
    .execute();
}

/** The endpoint failed again: since when it has been failing (the first failure after a success). */
export async function noteFailing(db: Kysely<WebhooksDB>, endpointId: string, now: Date): Promise<Date> {
  const row = await db
    .updateTable("endpoints")
    .set({ failing_since: sql`coalesce(failing_since, ${now})` })
    .where("id", "=", endpointId)
    .returning("failing_since")
    .executeTakeFirst();
  return row?.failing_since ?? now;
}

/** Disables an endpoint with its reason; its pending deliveries are canceled (a replay can send them later). */
export async function disableEndpoint(db: Kysely<WebhooksDB>, endpointId: string, reason: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("endpoints")
      .set({ active: false, disabled_reason: reason, disabled_at: now, updated_at: now })
      .where("id", "=", endpointId)
      .execute();
    await cancelPending(trx, endpointId, `endpoint disabled: ${reason}`, now);
  });
}

export async function cancelPending(db: Kysely<WebhooksDB>, endpointId: string, why: string, now: Date) {
  await db
    .updateTable("deliveries")
    .set({ status: "canceled", error: why, next_attempt_at: null, updated_at: now })
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending")
    .execute();
}

export async function cancelDelivery(db: Kysely<WebhooksDB>, id: string, why: string, now: Date) {
  await db
    .updateTable("deliveries")
    .set({ status: "canceled", error: why, next_attempt_at: null, leased_until: null, updated_at: now })
    .where("id", "=", id)
    .execute();
}
