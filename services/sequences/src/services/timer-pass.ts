import {
  type BulkMessage,
  type BulkOutcome,
  MAX_BULK_MESSAGES,
  type SequenceSettings,
  type StoredStep,
} from "@relay/domain";
import type { Transaction } from "kysely";
import { claimDueSteps, updatePendingStep } from "../db/runs.js";
import type { RunRow, RunStepRow, SequencesDB } from "../db/schema.js";
import { findVersions, versionKey } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { runMoveStep, runTagStep } from "./action-steps.js";
import { collectTimedOut, isAsking, questionAsked, questionOf } from "./collect-step.js";
import { closeStep, enterStep, nextOf, type RunInFlight, stepByKey, stopRun } from "./run-engine.js";
import { sendableAt } from "./send-window.js";

type Trx = Transaction<SequencesDB>;

/** The bulk path's key for a step's send: the same on every retry, so nothing is sent twice. */
export const sendKey = (runId: string, stepId: string, visit: number) =>
  visit === 1 ? `sequence:${runId}:${stepId}` : `sequence:${runId}:${stepId}:${visit}`;

interface Due {
  flight: RunInFlight;
  pending: RunStepRow;
  step: StoredStep;
  settings: SequenceSettings | undefined;
}

/** A due step that sends: a send, or a collect step's question. */
const sends = (d: Due) => d.step.type === "send" || (d.step.type === "collect" && isAsking(d.pending));

/**
 * One pass of the timers: the steps due at the injected clock's now are claimed with their runs
 * (`skip locked`); timed-out waits and unanswered questions move on, tag and move steps run
 * (core's writes are idempotent, so a retried pass repeats them to the same effect), and due
 * sends and questions go to the bulk path, one call per organization and 1,000 rows, inside the
 * claim's transaction. A crash after the call rolls the claim back and the next pass calls again
 * with the same keys: conversations answers what it stored, so nobody is sent a step twice.
 * Returns how many steps it ran.
 */
export async function timerPass(deps: SequencesDeps, limit: number): Promise<number> {
  const now = deps.now();
  return deps.transact(async (trx) => {
    const claimed = await claimDueSteps(trx, now, limit);
    if (claimed.length === 0) return 0;
    const versions = await findVersions(trx, unique(claimed.map((c) => c.run)));
    const due: Due[] = [];
    for (const { run, step: pending } of claimed) {
      const version = versions.get(versionKey(run));
      const steps = (version?.steps ?? []) as StoredStep[];
      const settings = version?.settings as SequenceSettings | undefined;
      const step = steps.find((s) => s.id === pending.step_id);
      if (!step) {
        await stopRun(trx, run, "failed", now, pending);
        continue;
      }
      due.push({ flight: { run, steps }, pending, step, settings });
    }
    for (const item of due.filter((d) => !sends(d))) await runDue(deps, trx, item, now);
    const ready = await heldBack(deps, trx, due.filter(sends), now);
    for (const [organizationId, items] of groupBy(ready, (d) => d.flight.run.organization_id)) {
      for (let at = 0; at < items.length; at += MAX_BULK_MESSAGES) {
        const batch = items.slice(at, at + MAX_BULK_MESSAGES);
        const answer = await deps.bulk.send(organizationId, batch.map(bulkRow));
        for (const [index, item] of batch.entries()) await recordSend(trx, item, answer.results[index], now);
      }
    }
    return claimed.length;
  });
}

/** The sends that may go now; the others' timers move to when they may (business or quiet hours). */
async function heldBack(deps: SequencesDeps, trx: Trx, items: Due[], now: Date): Promise<Due[]> {
  const ready: Due[] = [];
  for (const item of items) {
    const at = await sendableAt(deps, item.flight.run, item.step, item.settings, now);
    if (at.getTime() <= now.getTime()) ready.push(item);
    else await updatePendingStep(trx, item.pending.id, { due_at: at });
  }
  return ready;
}

/** A due step that does not send: a wait or a question timing out, a tag, a move. */
async function runDue(deps: SequencesDeps, trx: Trx, item: Due, now: Date) {
  const { flight, pending, step } = item;
  switch (step.type) {
    case "wait_for_reply":
      return timeOut(trx, item, now);
    case "collect":
      return collectTimedOut(trx, flight, step, pending, now);
    case "tag":
      return runTagStep(deps, trx, flight, step, pending, now);
    case "move":
      return runMoveStep(trx, flight, step, pending, now);
    default:
      return stopRun(trx, flight.run, "failed", now, pending);
  }
}

function bulkRow({ flight, pending, step }: Due): BulkMessage {
  // A question asked again is a send of its own: its key must differ from the first asking's.
  const key = sendKey(flight.run.id, pending.step_id, pending.visit);
  return {
    key: pending.phase === "reask" ? `${key}:again` : key,
    type: "sms",
    from: flight.run.from,
    contact_id: flight.run.contact_id,
    step_id: pending.step_id,
    step_contact_id: pending.id,
    body: step.type === "send" ? step.body : step.type === "collect" ? questionOf(step, pending) : "",
  } as BulkMessage;
}

async function timeOut(trx: Trx, { flight, pending, step }: Due, now: Date) {
  if (step.type !== "wait_for_reply") return;
  const next = stepByKey(flight.steps, step.on_timeout);
  const closed = await closeStep(trx, flight.run, pending, {
    outcome: "timed_out",
    done_at: now,
    next_step_id: next?.id ?? null,
  });
  // The timeout counts from when the wait ended, so the next step's delay starts at its due time.
  if (closed) await enterStep(trx, flight, next, pending.due_at ?? now);
}

async function recordSend(
  trx: Trx,
  { flight, pending, step }: Due,
  outcome: BulkOutcome | undefined,
  now: Date,
) {
  if (step.type !== "send" && step.type !== "collect") return;
  const body = step.type === "send" ? step.body : questionOf(step, pending);
  if (!outcome || outcome.status === "refused") {
    await closeStep(trx, flight.run, pending, { outcome: "refused", done_at: now, body });
    const reason = outcome?.error?.code === "opted_out" ? "opted_out" : "failed";
    await stopRun(trx, flight.run, reason, now);
    return;
  }
  if (step.type === "collect") return questionAsked(trx, flight.run, step, pending, outcome, now);
  const next = nextOf(flight.steps, step);
  await closeStep(trx, flight.run, pending, {
    outcome: "sent",
    done_at: now,
    body: step.body,
    message_id: outcome.id ?? null,
    next_step_id: next?.id ?? null,
  });
  await enterStep(trx, flight, next, now);
}

function unique(runs: RunRow[]) {
  const seen = new Map(runs.map((r) => [versionKey(r), { sequence_id: r.sequence_id, version: r.version }]));
  return [...seen.values()];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}
