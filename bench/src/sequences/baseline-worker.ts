/**
 * The sequences bench's baseline, in a process of its own (started with tsx like the services)
 * on one connection: N timer rows parked far off, then given the phase's due times, and a loop
 * that does the least a durable timer service must: claim the due rows `for update skip locked`
 * (`batch` at a time, in due order), mark them done and write one outbox row each, in one
 * transaction; again at once after a full batch, else after `intervalMs` (the service's pass).
 * Answers when every row is done, with each row's lateness (done − due).
 *
 * Told what to do over IPC as campaign/baseline-worker.ts is; answers `{ ms, rows, peakRss, … }` and exits.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { OUTBOX_TABLE } from "../baseline/schema.js";
import type { BaselineAnswer } from "../campaign/baseline-worker.js";
import { PARKED, scheduleDue } from "./due-times.js";

export interface TimerJob {
  mode: "spread" | "burst";
  databaseUrl: string;
  rows: number;
  spreadMs: number;
  leadMs: number;
  batch: number;
  intervalMs: number;
}

export interface TimerAnswer extends BaselineAnswer {
  /** Each row: due and done, epoch ms. */
  due: number[];
  done: number[];
}

const TABLES = `
  drop table if exists timers; drop table if exists outbox;
  create table timers (
    id uuid primary key,
    state text not null,
    due_at timestamptz not null,
    done_at timestamptz
  );
  create index timers_due_idx on timers (due_at) where state = 'pending';
  ${OUTBOX_TABLE}
`;

async function prepare(job: TimerJob, client: pg.Client): Promise<() => Promise<TimerAnswer>> {
  await client.query(TABLES);
  await client.query(
    "insert into timers (id, state, due_at) select gen_random_uuid(), 'pending', $1 from generate_series(1, $2)",
    [PARKED, job.rows],
  );
  await client.query("analyze timers");
  const organizationId = randomUUID();
  // Scheduled before the metered part, as the stack's phases are (by the bench's own connection).
  const startMs = Date.now() + job.leadMs;
  await scheduleDue(client, {
    table: "timers",
    where: "state = 'pending'",
    values: [],
    startMs,
    spreadMs: job.spreadMs,
  });
  return async () => {
    for (let done = 0; done < job.rows; ) {
      await client.query("begin");
      const claimed = await client.query<{ id: string }>(
        `with due as (
           select id from timers where state = 'pending' and due_at <= now() order by due_at limit $1
           for update skip locked
         )
         update timers t set state = 'done', done_at = clock_timestamp() from due where t.id = due.id returning t.id`,
        [job.batch],
      );
      if (claimed.rows.length > 0)
        await client.query(
          `insert into outbox (id, subject, payload, organization_id)
           select gen_random_uuid(), 'bench.timer.fired', jsonb_build_object('timer_id', id), $2
           from unnest($1::uuid[]) as id`,
          [claimed.rows.map((r) => r.id), organizationId],
        );
      await client.query("commit");
      done += claimed.rows.length;
      if (claimed.rows.length < job.batch) await new Promise((next) => setTimeout(next, job.intervalMs));
    }
    const { rows } = await client.query<{ due: number; done: number }>(
      "select extract(epoch from due_at) * 1000 as due, extract(epoch from done_at) * 1000 as done from timers",
    );
    return {
      ms: 0,
      rows: rows.length,
      peakRss: peakRss(),
      due: rows.map((r) => Number(r.due)),
      done: rows.map((r) => Number(r.done)),
    };
  };
}

function peakRss(): number {
  const status = readFileSync("/proc/self/status", "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

process.once("message", (job: TimerJob) => {
  const client = new pg.Client({ connectionString: job.databaseUrl });
  const fail = (error: Error) => {
    console.error(`sequences baseline worker (${job.mode}): ${error.stack ?? error.message}`);
    process.exit(1);
  };
  void (async () => {
    await client.connect();
    const run = await prepare(job, client);
    process.once("message", () => {
      const started = performance.now();
      run().then((answer) => {
        process.send?.({ ...answer, ms: performance.now() - started });
        process.once("message", () => void client.end().finally(() => process.exit(0)));
      }, fail);
    });
    process.send?.({ prepared: true });
  })().catch(fail);
});
process.send?.({ ready: true });
