import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sends (
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
    );

    create table webhooks (
      id bigserial primary key,
      kind text not null,
      dedupe_key text not null,
      organization_id uuid not null,
      channel_id uuid not null,
      provider_id text not null,
      payload jsonb not null,
      applied boolean not null default true,
      received_at timestamptz not null default now(),
      unique (kind, dedupe_key)
    );
    create index webhooks_unapplied_idx on webhooks (provider_id) where not applied;
  `.execute(db);
}
