import type { EventEnvelope } from "@relay/domain";
import { type Kysely, sql, type Transaction } from "kysely";

export interface OutboxRow {
  id: string;
  organization_id: string;
  payload: EventEnvelope;
  attempts: number;
  /** The request id and trace context of the work that wrote it, sent as NATS headers. */
  request_id: string | null;
  traceparent: string | null;
}

export interface FairBatch {
  rows: OutboxRow[];
  /** The last organization visited when the organization limit was hit; the next pass starts after it. */
  resumeAfter: string | undefined;
  /** Some organization had more rows than one pass takes, or more organizations were waiting. */
  full: boolean;
}

const BEFORE_ALL = "00000000-0000-0000-0000-000000000000";

/**
 * Claims the oldest due rows of up to `organizations` organizations, at most `perOrganization`
 * each, locked (SKIP LOCKED) until the transaction ends. Organizations are walked in id order
 * with a skip scan over (organization_id, seq), starting after `after`, so one organization's
 * backlog of thousands never delays another's next event by more than one pass.
 */
export async function claimFairBatch<DB>(
  trx: Transaction<DB>,
  limits: { organizations: number; perOrganization: number; after?: string },
): Promise<FairBatch> {
  const after = limits.after ?? BEFORE_ALL;
  const { rows } = await sql<OutboxRow & { org_rank: number }>`
    with recursive orgs(organization_id) as (
      (select organization_id from outbox where organization_id > ${after}::uuid
        order by organization_id limit 1)
      union all
      select (select o.organization_id from outbox o where o.organization_id > orgs.organization_id
        order by o.organization_id limit 1)
      from orgs where orgs.organization_id is not null
    ),
    visited as (
      select organization_id, row_number() over () as org_rank
      from (select organization_id from orgs where organization_id is not null limit ${limits.organizations}) o
    )
    select b.id, b.organization_id, b.payload, b.attempts, b.request_id, b.traceparent,
      visited.org_rank::int as org_rank
    from visited cross join lateral (
      select id, organization_id, payload, attempts, request_id, traceparent, seq from outbox
      where outbox.organization_id = visited.organization_id
        and (next_attempt_at is null or next_attempt_at <= now())
      order by seq limit ${limits.perOrganization}
      for update skip locked
    ) b
    order by b.seq`.execute(trx);
  const perRank = new Map<number, OutboxRow>();
  const counts = new Map<number, number>();
  for (const row of rows) {
    perRank.set(row.org_rank, row);
    counts.set(row.org_rank, (counts.get(row.org_rank) ?? 0) + 1);
  }
  const lastRank = Math.max(0, ...perRank.keys());
  const moreOrganizations = lastRank >= limits.organizations;
  return {
    rows: rows.map(({ org_rank: _, ...row }) => row),
    resumeAfter: moreOrganizations ? perRank.get(lastRank)?.organization_id : undefined,
    full: moreOrganizations || [...counts.values()].some((n) => n >= limits.perOrganization),
  };
}

export async function deleteRows<DB>(trx: Transaction<DB>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from outbox where id in (${sql.join(ids)})`.execute(trx);
}

/** Puts failed rows back with a growing delay (250 ms doubling, at most a minute) and their error. */
export async function deferRows<DB>(
  trx: Transaction<DB>,
  failures: Array<{ id: string; error: string }>,
): Promise<void> {
  if (failures.length === 0) return;
  const values = failures.map((f) => sql`(${f.id}::uuid, ${f.error})`);
  await sql`
    update outbox set
      attempts = outbox.attempts + 1,
      last_error = v.error,
      next_attempt_at = now() + least(60000, 250 * power(2, outbox.attempts)) * interval '1 millisecond'
    from (values ${sql.join(values)}) as v(id, error)
    where outbox.id = v.id`.execute(trx);
}

/** Moves rows that can never be published to `outbox_dead`, with the reason. */
export async function deadLetterRows<DB>(
  trx: Transaction<DB>,
  failures: Array<{ id: string; error: string }>,
): Promise<void> {
  if (failures.length === 0) return;
  const values = failures.map((f) => sql`(${f.id}::uuid, ${f.error})`);
  await sql`
    with moved as (
      delete from outbox using (values ${sql.join(values)}) as v(id, error)
      where outbox.id = v.id
      returning outbox.*, v.error
    )
    insert into outbox_dead (id, subject, organization_id, payload, created_at, attempts, error)
    select id, subject, organization_id, payload, created_at, attempts + 1, error from moved`.execute(trx);
}

/** What the outbox gauges show (see Metrics.watchOutbox): one statement per scrape. */
export async function readOutboxGauges(
  db: Kysely<unknown>,
): Promise<{ backlog: number; oldestAgeSeconds: number; dead: number }> {
  const { rows } = await sql<{ backlog: number; age: number; dead: number }>`
    select (select count(*) from outbox)::int as backlog,
      coalesce((select extract(epoch from now() - min(created_at)) from outbox), 0)::float8 as age,
      (select count(*) from outbox_dead)::int as dead`.execute(db);
  const row = rows[0];
  return { backlog: row?.backlog ?? 0, oldestAgeSeconds: row?.age ?? 0, dead: row?.dead ?? 0 };
}
