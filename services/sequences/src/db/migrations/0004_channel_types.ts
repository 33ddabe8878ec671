import { type Kysely, sql } from "kysely";

/**
 * Sequences send on email and WhatsApp channels too: the kind of channel a sequence and each
 * run send on (the bulk row's type; every earlier one was a phone channel), and why a step
 * failed (a send refused, a call that went wrong) in the run's history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sequences add column channel_type text not null default 'phone';
    alter table sequence_runs add column channel_type text not null default 'phone';
    alter table run_steps add column error text;
  `.execute(db);
}
