import { durationMs, readAnswer, type StopReason, type StoredStep } from "@relay/domain";
import { sql, type Transaction } from "kysely";
import { closeRunStep, insertRunStep, insertRunSteps, updateRun, visitsOf } from "../db/runs.js";
import type { NewRunStep, RunRow, RunStepRow, SequencesDB } from "../db/schema.js";
import { followingKey } from "../rules/graph.js";
import { runsChanged, stepChanged, stepsChanged } from "./events.js";

type Trx = Transaction<SequencesDB>;

/** A run with the steps of the version it runs. */
export interface RunInFlight {
  run: RunRow;
  steps: StoredStep[];
}

/** The step a send, collect, tag or assign goes on to (its `next`, or the one after it); undefined: the run ends. */
export function nextOf(steps: StoredStep[], step: StoredStep): StoredStep | undefined {
  const to = followingKey("next" in step ? step : {}, steps.indexOf(step), steps);
  return to === undefined ? undefined : steps.find((s) => s.key === to);
}

/**
 * How long a step rests pending before its timer fires: a send's or a question's delay, a
 * wait's timeout, no time for a tag, an assignment, a webhook call or a move (the timer pass
 * runs them, as they call other services); undefined for a branch or an end, done when entered.
 */
export function pendingFor(step: StoredStep): number | undefined {
  switch (step.type) {
    case "send":
    case "collect":
      return step.delay ? durationMs(step.delay) : 0;
    case "wait_for_reply":
      return durationMs(step.timeout);
    case "tag":
    case "assign":
    case "webhook":
    case "move":
      return 0;
    case "branch":
    case "end":
      return undefined;
  }
}

export const stepByKey = (steps: StoredStep[], key: string) => steps.find((s) => s.key === key);

/** Whether a reply is one of the keywords: the whole reply, or its first word, ignoring case and punctuation. */
export function matchesKeyword(reply: string, keywords: string[]): boolean {
  const norm = (text: string) =>
    text
      .trim()
      .toUpperCase()
      .replace(/[^\p{L}\p{N}\s]/gu, "")
      .replace(/\s+/g, " ");
  const whole = norm(reply);
  const first = whole.split(" ")[0] ?? "";
  return keywords.some((k) => norm(k) === whole || norm(k) === first);
}

/** Where a branch goes for the run's last reply. */
export function branchTarget(step: Extract<StoredStep, { type: "branch" }>, reply: string | null): string {
  if (reply !== null) {
    const rule = step.rules.find((r) =>
      r.answer ? readAnswer(r.answer, reply) !== undefined : matchesKeyword(reply, r.keywords ?? []),
    );
    if (rule) return rule.next;
    if (step.any_reply) return step.any_reply;
  }
  return step.otherwise;
}

/**
 * Enters a step at `at`: every step but a branch or an end becomes a pending row with its due
 * time (`pendingFor`), the durable timer; a branch and an end are done at once, so a run always
 * rests on a pending step, or has completed. Returns the run as it is after.
 */
export async function enterStep(trx: Trx, flight: RunInFlight, step: StoredStep | undefined, at: Date) {
  let run = flight.run;
  for (let hops = 0; ; hops++) {
    // Validation refuses loops without a wait, so a branch chain is never longer than the steps.
    if (hops > flight.steps.length) throw new Error(`run ${run.id} loops without a wait`);
    if (!step) return completeRun(trx, run, at);
    const visit = (await visitsOf(trx, run.id, step.id)) + 1;
    const base = {
      id: crypto.randomUUID(),
      run_id: run.id,
      organization_id: run.organization_id,
      step_id: step.id,
      step_key: step.key,
      type: step.type,
      visit,
      entered_at: at,
    };
    run = await updateRun(trx, run.id, { current_step_id: step.id });
    const wait = pendingFor(step);
    if (wait !== undefined) {
      const row = await insertRunStep(trx, {
        ...base,
        state: "pending",
        due_at: new Date(at.getTime() + wait),
        ...(step.type === "collect" && { phase: "ask" }),
      });
      await stepChanged(trx, row, run, true);
      return run;
    }
    const next =
      step.type === "branch" ? stepByKey(flight.steps, branchTarget(step, run.last_reply)) : undefined;
    const row = await insertRunStep(trx, {
      ...base,
      state: "done",
      outcome: step.type === "branch" ? "branched" : "ended",
      done_at: at,
      next_step_id: next?.id ?? null,
      ...(step.type === "branch" && run.last_reply !== null && { reply: run.last_reply }),
    });
    await stepChanged(trx, row, run, true);
    if (step.type === "end") return completeRun(trx, run, at);
    step = next;
  }
}

/** The run completed: its last step done (an end, a move, the last step of its way). */
export async function completeRun(trx: Trx, run: RunRow, at: Date) {
  const done = await updateRun(trx, run.id, { status: "completed", completed_at: at });
  await runsChanged(trx, [done]);
  return done;
}

/** Closes a pending step with its outcome and announces it; undefined when it was no longer pending. */
export async function closeStep(
  trx: Trx,
  run: RunRow,
  step: RunStepRow,
  patch: Parameters<typeof closeRunStep>[2],
): Promise<RunStepRow | undefined> {
  const closed = await closeRunStep(trx, step.id, { state: "done", ...patch });
  if (closed) await stepChanged(trx, closed, run);
  return closed;
}

/** Stops a run (replied, opted out, removed, failed, taken over): its pending step cancelled, its timer gone. */
export async function stopRun(
  trx: Trx,
  run: RunRow,
  reason: StopReason,
  at: Date,
  pending?: RunStepRow,
): Promise<RunRow> {
  if (pending) await closeStep(trx, run, pending, { state: "cancelled", outcome: "stopped", done_at: at });
  const stopped = await updateRun(trx, run.id, { status: "stopped", stop_reason: reason, completed_at: at });
  await runsChanged(trx, [stopped]);
  return stopped;
}

/**
 * New runs entering `start` together (an enrollment): they have no reply and no history, so
 * they all take the same path, walked once and written for all of them in a few statements.
 */
export async function enterNewRuns(
  trx: Trx,
  runs: RunRow[],
  steps: StoredStep[],
  start: StoredStep,
  at: Date,
) {
  if (runs.length === 0) return;
  const path: { step: StoredStep; next: StoredStep | undefined }[] = [];
  let step: StoredStep | undefined = start;
  while (step && (step.type === "branch" || step.type === "end")) {
    if (path.length > steps.length) throw new Error("a branch chain loops without a wait");
    const next: StoredStep | undefined =
      step.type === "branch" ? stepByKey(steps, branchTarget(step, null)) : undefined;
    path.push({ step, next });
    step = step.type === "end" ? undefined : next;
  }
  const rows: NewRunStep[] = [];
  for (const run of runs) {
    const base = { run_id: run.id, organization_id: run.organization_id, visit: 1, entered_at: at };
    for (const { step: done, next } of path) {
      rows.push({
        ...base,
        id: crypto.randomUUID(),
        step_id: done.id,
        step_key: done.key,
        type: done.type,
        state: "done",
        outcome: done.type === "branch" ? "branched" : "ended",
        done_at: at,
        next_step_id: next?.id ?? null,
      });
    }
    if (step) {
      const wait = pendingFor(step) ?? 0;
      rows.push({
        ...base,
        id: crypto.randomUUID(),
        step_id: step.id,
        step_key: step.key,
        type: step.type,
        state: "pending",
        due_at: new Date(at.getTime() + wait),
        ...(step.type === "collect" && { phase: "ask" }),
      });
    }
  }
  const current = step ?? path.at(-1)?.step;
  const ids = runs.map((run) => run.id);
  const stored: RunStepRow[] = [];
  for (let i = 0; i < rows.length; i += 2000)
    stored.push(...(await insertRunSteps(trx, rows.slice(i, i + 2000))));
  const updated = await trx
    .updateTable("sequence_runs")
    .set({
      current_step_id: current?.id ?? null,
      ...(step === undefined && { status: "completed", completed_at: at }),
      updated_at: sql`now()`,
    })
    .where("id", "in", ids)
    .returningAll()
    .execute();
  const byId = new Map(updated.map((run) => [run.id, run]));
  await stepsChanged(
    trx,
    stored.map((row) => ({ row, run: byId.get(row.run_id) as RunRow })),
    true,
  );
  if (step === undefined) await runsChanged(trx, updated);
}
