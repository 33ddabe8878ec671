import { type Kysely, sql } from "kysely";

/** The campaign a message was sent for (bulk rows that name one), so its events say so. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table messages add column campaign_id uuid`.execute(db);
}
