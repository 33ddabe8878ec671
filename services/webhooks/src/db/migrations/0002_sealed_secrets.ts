import { type Kysely, sql } from "kysely";

/**
 * Signing secrets become sealed values (the kit's cipher, under CREDENTIALS_KEY): jsonb columns
 * holding `{v, kid, iv, tag, data}`. What was stored before stays readable as a JSON string until
 * the start-up pass (services/endpoint-secrets.ts) seals it: a migration has no key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table endpoints
      alter column secret type jsonb using to_jsonb(secret),
      alter column previous_secret type jsonb using to_jsonb(previous_secret);
  `.execute(db);
}
