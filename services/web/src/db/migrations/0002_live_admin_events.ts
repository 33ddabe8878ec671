import { type Kysely, sql } from "kysely";

/**
 * Live events only admins receive (campaigns'): `admins_only` marks them, and they name no
 * channel (a recipient's event carries none), so an agent's channel scope never matches them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table live_events add column admins_only boolean not null default false;
    alter table live_events alter column channel_id drop not null;
  `.execute(db);
}
