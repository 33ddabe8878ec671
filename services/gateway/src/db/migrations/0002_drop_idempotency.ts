import { type Kysely, sql } from "kysely";

/** `Idempotency-Key` moved into the services that own the effects (the kit's idempotency.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists idempotency_keys`.execute(db);
}
