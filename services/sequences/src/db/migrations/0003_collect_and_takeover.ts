import { type Kysely, sql } from "kysely";

/**
 * A collect step's phase (asking, awaiting the answer, asking again, awaiting it again), and
 * when a person took the run's conversation over (the run waits while it is set).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table run_steps add column phase text;
    alter table sequence_runs add column paused_at timestamptz;
    alter table sequence_runs add column paused_by text;
  `.execute(db);
}
