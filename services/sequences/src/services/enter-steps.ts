import type { StoredStep } from "@relay/domain";
import type { Transaction } from "kysely";
import { insertRunSteps, setCurrentSteps, visitCounts } from "../db/runs.js";
import type { NewRunStep, RunRow, SequencesDB } from "../db/schema.js";
import { stepsChanged } from "./events.js";
import { enterStep, pendingFor, type RunInFlight } from "./run-engine.js";

type Trx = Transaction<SequencesDB>;

export interface Entry {
  flight: RunInFlight;
  step: StoredStep | undefined;
  at: Date;
}

/** The steps a run rests on, pending until their due time (`pendingFor`): all but branches and ends. */
const isTimed = (step: StoredStep | undefined): step is StoredStep =>
  step !== undefined && pendingFor(step) !== undefined;

/**
 * Many runs entering their next step in one timer pass: those whose next step rests pending
 * (a send, a wait, a question, a tag or a move: the pass's usual case) are written together, a few statements for all of them (their
 * visits, pending rows, current steps, events); every other entry (a branch, an end, none) goes
 * through the engine's enterStep one run at a time, as it walks on. Same rows and events as
 * enterStep writes for each.
 */
export async function enterSteps(trx: Trx, entries: Entry[]): Promise<void> {
  const timed = entries.filter((e): e is Entry & { step: StoredStep } => isTimed(e.step));
  for (const entry of entries)
    if (!isTimed(entry.step)) await enterStep(trx, entry.flight, entry.step, entry.at);
  if (timed.length === 0) return;
  const visits = await visitCounts(
    trx,
    timed.map((e) => ({ run_id: e.flight.run.id, step_id: e.step.id })),
  );
  const rows: NewRunStep[] = timed.map(({ flight: { run }, step, at }) => ({
    id: crypto.randomUUID(),
    run_id: run.id,
    organization_id: run.organization_id,
    step_id: step.id,
    step_key: step.key,
    type: step.type,
    visit: (visits.get(`${run.id}:${step.id}`) ?? 0) + 1,
    entered_at: at,
    state: "pending",
    due_at: new Date(at.getTime() + (pendingFor(step) ?? 0)),
    ...(step.type === "collect" && { phase: "ask" }),
  }));
  const runs = new Map<string, RunRow>();
  for (const run of await setCurrentSteps(
    trx,
    timed.map((e) => ({ id: e.flight.run.id, step_id: e.step.id })),
  ))
    runs.set(run.id, run);
  const stored = await insertRunSteps(trx, rows);
  await stepsChanged(
    trx,
    stored.map((row) => ({ row, run: runs.get(row.run_id) as RunRow })),
    true,
  );
}
