import { type Kysely, sql } from "kysely";

/**
 * Sends now keep their command in `payload` (the adapter kit's ledger); the Message-ID a bounce
 * names is read from there, or from the column rows written before the ledger still have.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sends alter column message_id_header drop not null`.execute(db);
  await sql`drop index if exists sends_message_id_header_idx`.execute(db);
  await sql`
    create index sends_message_id_header_idx
    on sends ((coalesce(message_id_header, payload->>'message_id_header')))`.execute(db);
}
