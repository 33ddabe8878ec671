import { type Kysely, sql } from "kysely";

/**
 * Campaigns, their recipients (unique per campaign and contact, the dispatcher's queue: state
 * and the instant each may be sent), and the shared pacing clock of each channel.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table campaigns (
      id uuid primary key,
      organization_id uuid not null,
      title text not null,
      status text not null,
      type text not null,
      channel_id uuid not null,
      "from" text not null,
      body text,
      subject text,
      attachments jsonb not null default '[]',
      template jsonb,
      audience jsonb not null,
      inline_contacts int,
      schedule_at timestamptz,
      window_start text not null,
      window_end text not null,
      attribution_hours int not null,
      audience_phase text not null default 'inline',
      audience_cursor uuid,
      audience_loaded boolean not null default false,
      link_clicks int not null default 0,
      started_at timestamptz,
      completed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index campaigns_org_idx on campaigns (organization_id, created_at desc);
    create index campaigns_active_idx on campaigns (status) where status in ('scheduled', 'sending');

    create table campaign_recipients (
      campaign_id uuid not null references campaigns (id) on delete cascade,
      contact_id uuid not null,
      organization_id uuid not null,
      seq bigserial,
      state text not null,
      skip_reason text,
      name text,
      phone text,
      email text,
      body text,
      time_zone text not null,
      not_before timestamptz not null default now(),
      message_id uuid,
      conversation_id uuid,
      dispatched_at timestamptz,
      responded_at timestamptz,
      unsubscribed_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (campaign_id, contact_id)
    );
    create index campaign_recipients_due_idx on campaign_recipients (campaign_id, not_before, seq) where state = 'pending';
    create index campaign_recipients_seq_idx on campaign_recipients (campaign_id, seq);
    create index campaign_recipients_message_idx on campaign_recipients (message_id) where message_id is not null;
    create index campaign_recipients_contact_idx on campaign_recipients (organization_id, contact_id, dispatched_at desc)
      where dispatched_at is not null;

    -- Statuses of messages no recipient names yet: the bulk path answered, our commit had not landed.
    create table early_statuses (
      message_id uuid primary key,
      state text not null,
      received_at timestamptz not null default now()
    );

    create table channel_pacing (
      channel_id uuid primary key,
      next_at timestamptz not null
    );
  `.execute(db);
}
