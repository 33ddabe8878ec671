import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sends (
      message_id uuid primary key,
      organization_id uuid not null,
      channel_id uuid not null,
      message_id_header text not null,
      status text not null default 'sending',
      attempts integer not null default 0,
      claimed_until timestamptz,
      error_code text,
      error_message text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sends_message_id_header_idx on sends (message_id_header);

    create table inbound_messages (
      id uuid primary key,
      organization_id uuid not null,
      channel_id uuid not null,
      provider_message_id text not null,
      from_address text not null,
      subject text not null,
      received_at timestamptz not null default now(),
      unique (channel_id, provider_message_id)
    );

    create table inbound_attachments (
      id uuid primary key,
      inbound_message_id uuid not null references inbound_messages (id) on delete cascade,
      filename text,
      content_type text not null,
      size integer not null,
      content bytea not null
    );
    create index inbound_attachments_message_idx on inbound_attachments (inbound_message_id);
  `.execute(db);
}
