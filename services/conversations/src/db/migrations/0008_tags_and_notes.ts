import { type Kysely, sql } from "kysely";

/**
 * The contacts projection keeps each contact's tag names, so conversations filter by tag (null:
 * not seen yet, for rows projected before this or written from a lookup that carries no tags).
 * Messages may be internal notes, written by a user, and say which campaign recipient or
 * sequence step they were sent for (what Whippy's messages carry).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contacts add column tags text[];
    create index contacts_tags_gin on contacts using gin (tags);

    alter table messages drop constraint messages_type_check;
    alter table messages add constraint messages_type_check
      check (type in ('sms', 'call', 'email', 'whatsapp', 'note'));
    alter table messages add column user_id integer;
    alter table messages add column campaign_contact_id uuid;
    alter table messages add column step_id uuid;
    alter table messages add column step_contact_id uuid;
  `.execute(db);
}
