import { type Kysely, sql } from "kysely";
import type { StoredSecret, WebhooksDB } from "./schema.js";

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

/** A claimed delivery with what its attempt needs: its endpoint (enabled or not) and the event's body. */
export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  created_at: Date;
  url: string;
  secret: StoredSecret;
  previous_secret: StoredSecret | null;
  previous_secret_expires_at: Date | null;
  /** The endpoint and its application are enabled. */
  enabled: boolean;
  body: string;
}

/**
 * Claims due deliveries (FOR UPDATE SKIP LOCKED, then leased), oldest first, at most
 * `perEndpoint` in flight per endpoint, and reads their endpoints and bodies in the same
 * statement. A delivery waits while an earlier one of the same resource to the same endpoint is
 * pending and has not failed yet: a healthy receiver sees a resource's events in order, and a
 * failing one never holds up what follows for long.
 */
export function claimDue(db: Kysely<WebhooksDB>, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  return db.transaction().execute(async (trx) => {
    // Walk the due index in order and stop at the limit, whatever the statistics say: a queue's
    // are always stale, and on a stale estimate PostgreSQL reads every due row (a bitmap scan)
    // and sorts them, so a backlog makes each claim slower and the backlog longer.
    await sql`select set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`.execute(
      trx,
    );
    return (await claimStatement(options).execute(trx)).rows;
  });
}

function claimStatement(options: ClaimOptions) {
  return sql<ClaimedDelivery>`
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
    ), leased as (
      update deliveries set leased_until = now() + ${`${options.leaseMs} milliseconds`}::interval
      from chosen where deliveries.id = chosen.id
      returning deliveries.id, deliveries.seq, deliveries.endpoint_id, deliveries.event_id,
        deliveries.attempts, deliveries.created_at
    )
    select l.id, l.endpoint_id, l.event_id, l.attempts, l.created_at,
      ep.url, ep.secret, ep.previous_secret, ep.previous_secret_expires_at,
      ep.active and a.active as enabled, e.body
    from leased l
    join endpoints ep on ep.id = l.endpoint_id
    join applications a on a.organization_id = ep.organization_id and a.id = ep.application_id
    join events e on e.id = l.event_id
    order by l.seq`;
}

/** What an attempt left in its delivery's row. */
export interface RecordedAttempt {
  id: string;
  /** `succeeded`; `pending` (retried at `retry_at`); `failed` (given up). */
  status: "succeeded" | "pending" | "failed";
  response_code: number | null;
  latency_ms: number;
  response_body: string | null;
  error: string | null;
  /** When the answer came (the service's clock). */
  at: Date;
  retry_at: Date | null;
}

/** Writes many attempts' outcomes in one statement, and releases their leases. */
export async function recordAttempts(db: Kysely<WebhooksDB>, attempts: RecordedAttempt[]): Promise<void> {
  if (attempts.length === 0) return;
  await sql`
    update deliveries d set
      status = v.status,
      attempts = d.attempts + 1,
      response_code = v.response_code,
      latency_ms = v.latency_ms,
      response_body = v.response_body,
      error = v.error,
      last_attempt_at = v.at,
      delivered_at = case when v.status = 'succeeded' then v.at else d.delivered_at end,
      next_attempt_at = v.retry_at,
      leased_until = null,
      updated_at = v.at
    from jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb)
      as v(id uuid, status text, response_code int, latency_ms int, response_body text, error text,
        at timestamptz, retry_at timestamptz)
    where d.id = v.id`.execute(db);
}

/**
 * What a batch of attempts says of each endpoint: `failingSince` null when its last attempt
 * succeeded; otherwise its first failure since then, and `afterSuccess` when a success came
 * before it in the batch (so the failing run starts there, not earlier).
 */
export interface EndpointHealth {
  id: string;
  failingSince: Date | null;
  afterSuccess: boolean;
}

/** Notes each endpoint's health; answers since when each failing one has been failing. */
export async function noteHealth(
  db: Kysely<WebhooksDB>,
  health: EndpointHealth[],
): Promise<Map<string, Date>> {
  if (health.length === 0) return new Map();
  const rows = health.map((h) => ({
    id: h.id,
    reset: h.failingSince === null || h.afterSuccess,
    since: h.failingSince,
  }));
  const result = await sql<{ id: string; failing_since: Date }>`
    update endpoints e set
      failing_since = case when v.reset then v.since else coalesce(e.failing_since, v.since) end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, reset boolean, since timestamptz)
    where e.id = v.id and (v.since is not null or e.failing_since is not null)
    returning e.id, e.failing_since`.execute(db);
  return new Map(
    result.rows.filter((row) => row.failing_since !== null).map((row) => [row.id, row.failing_since]),
  );
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
