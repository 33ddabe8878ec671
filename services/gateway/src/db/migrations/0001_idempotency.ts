import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      organization_id uuid not null,
      key text not null,
      request_hash text not null,
      state text not null check (state in ('in_progress', 'done')),
      status integer,
      content_type text,
      body text,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      primary key (organization_id, key)
    );
    create index idempotency_keys_created_idx on idempotency_keys (created_at);
  `.execute(db);
}
