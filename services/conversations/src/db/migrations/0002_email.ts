import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table messages drop constraint messages_type_check;
    alter table messages add constraint messages_type_check check (type in ('sms', 'call', 'email'));
    -- Email messages: subject, copies, parts, threading (see EmailDetails).
    alter table messages add column email jsonb;
    -- Our Message-ID for outbound mail, the mail's own for inbound: what replies thread on.
    alter table messages add column message_id_header text;
    create index messages_message_id_header_idx
      on messages (organization_id, message_id_header) where message_id_header is not null;

    -- Addresses that bounced permanently on a channel: sends to them fail fast.
    create table email_suppressions (
      organization_id uuid not null,
      channel_id uuid not null,
      address text not null,
      reason text not null,
      created_at timestamptz not null default now(),
      primary key (organization_id, channel_id, address)
    );
  `.execute(db);
}
