import { type Kysely, sql } from "kysely";

/**
 * The web user behind a consent change (null: an API key, the contact, the provider, or a change
 * recorded before this column), and the index a contact's history is read by, newest first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table consent_history add column user_id integer;
    create index consent_history_contact_newest_idx on consent_history (organization_id, contact_id, id desc);
  `.execute(db);
}
