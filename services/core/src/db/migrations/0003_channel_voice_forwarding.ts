import { type Kysely, sql } from "kysely";

/**
 * Numbers an inbound call to a phone channel rings during opening hours; and an index for
 * finding channels by number across organizations (provider webhooks name only the number).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table channels add column voice_forwarding_numbers text[] not null default '{}';
    create index channels_phone_idx on channels (phone, type) where phone is not null;
  `.execute(db);
}
