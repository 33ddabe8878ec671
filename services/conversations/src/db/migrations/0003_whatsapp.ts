import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table messages drop constraint messages_type_check;
    alter table messages add constraint messages_type_check
      check (type in ('sms', 'call', 'email', 'whatsapp'));
    -- WhatsApp messages: text, media (its type) or template (see WhatsAppDetails).
    alter table messages add column whatsapp jsonb;
    -- The 24-hour window: a contact's last inbound message on a channel.
    create index messages_last_inbound_idx
      on messages (organization_id, contact_id, channel_id, created_at desc) where direction = 'INBOUND';
  `.execute(db);
}
