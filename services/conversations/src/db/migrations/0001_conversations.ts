import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table contacts (
      id uuid primary key,
      organization_id uuid not null,
      name text,
      phone text,
      email text,
      deleted boolean not null default false,
      version timestamptz not null
    );
    create index contacts_org_idx on contacts (organization_id);

    create table consents (
      organization_id uuid not null,
      contact_id uuid not null,
      channel_id uuid not null,
      opt_in boolean not null,
      source text not null,
      updated_at timestamptz not null default now(),
      primary key (organization_id, contact_id, channel_id)
    );

    create table consent_history (
      id bigserial primary key,
      organization_id uuid not null,
      contact_id uuid not null,
      channel_id uuid not null,
      opt_in boolean not null,
      source text not null,
      detail text,
      created_at timestamptz not null default now()
    );
    create index consent_history_contact_idx on consent_history (organization_id, contact_id, channel_id, id);

    create table conversations (
      id uuid primary key,
      organization_id uuid not null,
      contact_id uuid not null,
      channel_id uuid not null,
      channel_type text not null,
      status text not null check (status in ('open', 'closed', 'automated', 'spam')),
      assigned_user_id integer,
      assigned_team_id uuid,
      unread_count integer not null default 0,
      last_message_at timestamptz,
      last_auto_response_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- One conversation per contact and channel.
    create unique index conversations_contact_channel_key on conversations (organization_id, contact_id, channel_id);
    create index conversations_org_recent_idx
      on conversations (organization_id, last_message_at desc nulls last, created_at desc, id);

    create table messages (
      id uuid primary key,
      seq bigserial not null,
      organization_id uuid not null,
      conversation_id uuid not null references conversations (id) on delete cascade,
      contact_id uuid not null,
      channel_id uuid not null,
      type text not null check (type in ('sms', 'call')),
      direction text not null check (direction in ('INBOUND', 'OUTBOUND')),
      body text,
      from_address text not null,
      to_address text not null,
      delivery_status text not null,
      media jsonb not null default '[]',
      automated boolean not null default false,
      provider_message_id text,
      error_code text,
      error_message text,
      schedule_at timestamptz,
      call_status text,
      call_duration_seconds integer,
      recording_url text,
      recording_duration_seconds integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- A provider's message (or call) id is stored once per channel: duplicate webhooks are no-ops.
    create unique index messages_provider_id_key
      on messages (channel_id, type, provider_message_id) where provider_message_id is not null;
    create index messages_conversation_idx on messages (conversation_id, created_at desc, seq desc);
    create index messages_org_idx on messages (organization_id);
    -- The scheduler's queue: only rows still waiting are in it.
    create index messages_due_idx on messages (schedule_at) where delivery_status = 'scheduled';
  `.execute(db);
}
