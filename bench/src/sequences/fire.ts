import { attribute, type CpuUse, type Scope } from "../cpu/attribute.js";
import { type CpuSampler, ticksBetween } from "../cpu/sampler.js";
import type { Observer } from "../phases/observer.js";
import { scheduleDue } from "./due-times.js";
import type { BenchSequence } from "./seed-runs.js";

export interface FireResult {
  runs: number;
  /** Per step, epoch ms: due, claimed (the pass's clock, the step's done_at), handed off (conversations stored the message). */
  due: number[];
  claimed: number[];
  handed: number[];
  /** Steps the bulk path refused (0 expected). */
  refused: number;
  /** From the first due time until every step was handed off and both outboxes were empty. */
  windowMs: number;
  cpu: CpuUse;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * One phase on the stack: the sequence's parked runs get their due times (from `leadMs` on, over
 * `spreadMs`), and the stack's timer pass fires them. CPU is metered from the first due time
 * until every step is done and the sequences' and conversations' outboxes are empty (the events
 * a step writes published). Lateness comes from the database afterwards.
 */
export async function firePhase(o: {
  observer: Observer;
  sampler: CpuSampler;
  scope: Scope;
  sequence: BenchSequence;
  runs: number;
  spreadMs: number;
  leadMs: number;
  timeoutMs: number;
  log(line: string): void;
}): Promise<FireResult> {
  const startMs = Date.now() + o.leadMs;
  const scheduled = await scheduleDue(o.observer, {
    table: "sequences.run_steps",
    where: "state = 'pending' and run_id in (select id from sequences.sequence_runs where sequence_id = $1)",
    values: [o.sequence.id],
    startMs,
    spreadMs: o.spreadMs,
  });
  if (scheduled !== o.runs) throw new Error(`scheduled ${scheduled} of ${o.runs} steps`);
  await sleep(startMs - Date.now());
  const from = o.sampler.mark();
  const deadline = startMs + o.spreadMs + o.timeoutMs;
  for (let last = -1; ; ) {
    const { rows } = await o.observer.query<{ pending: string }>(
      // The phase's sends are the only pending steps due within a day (the waits they lead to are
      // due in two, the other phase's parked): the partial index answers without a join.
      `select count(*) as pending from sequences.run_steps
       where state = 'pending' and due_at < now() + interval '1 day'`,
    );
    const pending = Number(rows[0]?.pending ?? 0);
    if (pending === 0) break;
    if (Date.now() > deadline) throw new Error(`${pending} steps still pending at the deadline`);
    if (Math.floor(pending / 10_000) !== last) o.log(`  ${pending} steps pending`);
    last = Math.floor(pending / 10_000);
    await sleep(200);
  }
  for (;;) {
    const { rows } = await o.observer.query<{ n: string }>(
      "select (select count(*) from sequences.outbox) + (select count(*) from conversations.outbox) as n",
    );
    if (Number(rows[0]?.n ?? 0) === 0 || Date.now() > deadline) break;
    await sleep(100);
  }
  const to = o.sampler.mark();
  const windowMs = Date.now() - startMs;
  const { rows } = await o.observer.query<{
    due: number;
    claimed: number;
    handed: number | null;
    outcome: string;
  }>(
    `select extract(epoch from rs.due_at) * 1000 as due, extract(epoch from rs.done_at) * 1000 as claimed,
            extract(epoch from m.created_at) * 1000 as handed, rs.outcome
     from sequences.run_steps rs join sequences.sequence_runs r on r.id = rs.run_id
     left join conversations.messages m on m.id = rs.message_id
     where r.sequence_id = $1 and rs.step_key = $2`,
    [o.sequence.id, o.sequence.stepKey],
  );
  const sent = rows.filter((r) => r.handed !== null);
  return {
    runs: rows.length,
    due: sent.map((r) => Number(r.due)),
    claimed: sent.map((r) => Number(r.claimed)),
    handed: sent.map((r) => Number(r.handed)),
    refused: rows.length - sent.length,
    windowMs,
    cpu: attribute(o.sampler.tracked, ticksBetween(from, to), o.scope),
  };
}
