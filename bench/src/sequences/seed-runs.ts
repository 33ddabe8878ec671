import { randomUUID } from "node:crypto";
import pg from "pg";
import { PARKED } from "./due-times.js";

export interface BenchSequence {
  id: string;
  organizationId: string;
  version: number;
  channelId: string;
  from: string;
  /** The first step: the send every run waits on. */
  stepId: string;
  stepKey: string;
}

/**
 * Runs of the sequence straight into its tables, as an enrollment leaves them when the first
 * step is a send: an `active` run on version 1 whose current step is the send, and that step
 * `pending` (visit 1), parked far off until a phase schedules it. No outbox rows: nobody is told
 * (an enrollment of 100,000 through the API takes longer than the phase it sets up). Contacts
 * are core's, `offset` on in id order, so the two phases' runs go to different contacts.
 */
export async function seedRuns(
  databaseUrl: string,
  sequence: BenchSequence,
  o: { runs: number; offset: number },
): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    const { rows: contacts } = await client.query<{ id: string }>(
      "select id from core.contacts where organization_id = $1 order by id offset $2 limit $3",
      [sequence.organizationId, o.offset, o.runs],
    );
    if (contacts.length < o.runs) throw new Error(`only ${contacts.length} contacts from ${o.offset} on`);
    const SLICE = 10_000;
    for (let first = 0; first < contacts.length; first += SLICE) {
      const slice = contacts.slice(first, first + SLICE);
      const runIds = slice.map(() => randomUUID());
      await client.query("begin");
      await client.query(
        `insert into sequences.sequence_runs
           (id, organization_id, sequence_id, version, contact_id, channel_id, "from", status, current_step_id)
         select run_id, $1, $2, $3, contact_id, $4, $5, 'active', $6
         from unnest($7::uuid[], $8::uuid[]) as t(run_id, contact_id)`,
        [
          sequence.organizationId,
          sequence.id,
          sequence.version,
          sequence.channelId,
          sequence.from,
          sequence.stepId,
          runIds,
          slice.map((c) => c.id),
        ],
      );
      await client.query(
        `insert into sequences.run_steps
           (id, run_id, organization_id, step_id, step_key, type, visit, state, entered_at, due_at)
         select gen_random_uuid(), run_id, $1, $2, $3, 'send', 1, 'pending', now(), $4
         from unnest($5::uuid[]) as run_id`,
        [sequence.organizationId, sequence.stepId, sequence.stepKey, PARKED, runIds],
      );
      await client.query("commit");
    }
    await client.query("analyze sequences.sequence_runs; analyze sequences.run_steps");
    return performance.now() - started;
  } finally {
    await client.end();
  }
}
