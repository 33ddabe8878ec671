import { type Kysely, sql } from "kysely";

/**
 * Webhook steps: each sequence's signing secret (sealed with the kit's cipher, bound to the
 * sequence; the one before a rotation keeps signing until it expires; sequences made before
 * this get theirs at the service's start), and what a run step's call did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sequences add column webhook_secret jsonb;
    alter table sequences add column previous_webhook_secret jsonb;
    alter table sequences add column previous_webhook_secret_expires_at timestamptz;
    alter table run_steps add column webhook jsonb;
  `.execute(db);
}
