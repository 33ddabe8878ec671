import { type Kysely, sql } from "kysely";

/** The answer to the HELP keyword, per channel. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table channels add column help_text text`.execute(db);
}
