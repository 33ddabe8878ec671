import { type Migration, sql } from "kysely";

/**
 * Tables the kit owns inside every service's schema; services list these first. They touch only
 * the kit's own tables, so they may be applied after a service's later migrations (`migrate`
 * allows that): a new kit migration reaches databases that already ran every service migration.
 */
export const kitMigrations: Record<string, Migration> = {
  "0000_kit_outbox_inbox": {
    async up(db) {
      await sql`
        create table outbox (
          id uuid primary key,
          subject text not null,
          payload jsonb not null,
          created_at timestamptz not null default now(),
          seq bigserial not null
        )`.execute(db);
      await sql`create index outbox_seq_idx on outbox (seq)`.execute(db);
      await sql`
        create table inbox (
          consumer text not null,
          event_id uuid not null,
          processed_at timestamptz not null default now(),
          primary key (consumer, event_id)
        )`.execute(db);
    },
  },
  // Fair claiming per organization, per-row retries, and a place for events that cannot go out.
  "0000_kit_v2_outbox_relay": {
    async up(db) {
      await sql`
        alter table outbox
          add column organization_id uuid,
          add column attempts integer not null default 0,
          add column next_attempt_at timestamptz,
          add column last_error text`.execute(db);
      await sql`update outbox set organization_id = (payload->>'organization_id')::uuid`.execute(db);
      await sql`alter table outbox alter column organization_id set not null`.execute(db);
      await sql`create index outbox_org_seq_idx on outbox (organization_id, seq)`.execute(db);
      await sql`
        create table outbox_dead (
          id uuid primary key,
          subject text not null,
          organization_id uuid not null,
          payload jsonb not null,
          created_at timestamptz not null,
          attempts integer not null,
          error text not null,
          dead_at timestamptz not null default now()
        )`.execute(db);
    },
  },
  // Idempotency-Key results, written in the same transaction as their effect.
  "0000_kit_v3_idempotency": {
    async up(db) {
      await sql`
        create table idempotency_results (
          organization_id uuid not null,
          key text not null,
          request_hash text not null,
          result jsonb,
          created_at timestamptz not null default now(),
          primary key (organization_id, key)
        )`.execute(db);
      await sql`create index idempotency_results_created_idx on idempotency_results (created_at)`.execute(db);
    },
  },
  // The request id and trace context of the work that wrote each event, for its NATS headers.
  "0000_kit_v4_outbox_origin": {
    async up(db) {
      await sql`alter table outbox add column request_id text, add column traceparent text`.execute(db);
    },
  },
};
