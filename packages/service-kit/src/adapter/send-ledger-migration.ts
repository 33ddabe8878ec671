import { type Migration, sql } from "kysely";

/**
 * Brings an adapter's `sends` table to the ledger's shape (see send-ledger.ts), or creates it.
 * Adapters list it among their own migrations, after the one that first created `sends`.
 */
export const sendLedgerMigration: Migration = {
  async up(db) {
    await sql`
      create table if not exists sends (
        message_id uuid primary key,
        organization_id uuid not null,
        channel_id uuid not null,
        status text not null default 'sending',
        provider_message_id text unique,
        attempts integer not null default 0,
        claimed_until timestamptz,
        error_code text,
        error_message text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      alter table sends
        add column if not exists provider_message_id text unique,
        add column if not exists payload jsonb,
        add column if not exists due_at timestamptz,
        add column if not exists attempt_started_at timestamptz`.execute(db);
    // Sends in flight before the ledger: their commands are redelivered and fill in the payload.
    await sql`update sends set due_at = now() where status = 'sending' and due_at is null`.execute(db);
    await sql`create index if not exists sends_due_idx on sends (due_at) where status = 'sending'`.execute(
      db,
    );
  },
};
