import { type BulkMessage, type BulkOutcome, MAX_BULK_MESSAGES, type StoredStep } from "@relay/domain";
import type { Transaction } from "kysely";
import { claimDueSteps, closeRunSteps, type StepClose } from "../db/runs.js";
import type { RunRow, RunStepRow, SequencesDB } from "../db/schema.js";
import { findVersions, versionKey } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { enterSteps } from "./enter-steps.js";
import { stepsChanged } from "./events.js";
import { closeStep, nextOf, type RunInFlight, stepByKey, stopRun } from "./run-engine.js";

type Trx = Transaction<SequencesDB>;

/** The bulk path's key for a step's send: the same on every retry, so nothing is sent twice. */
export const sendKey = (runId: string, stepId: string, visit: number) =>
  visit === 1 ? `sequence:${runId}:${stepId}` : `sequence:${runId}:${stepId}:${visit}`;

interface Due {
  flight: RunInFlight;
  pending: RunStepRow;
  step: StoredStep;
}

/**
 * One pass of the timers: the steps due at the injected clock's now are claimed with their runs
 * (`skip locked`), timed-out waits take `on_timeout`, and due sends go to the bulk path, one
 * call per organization and 1,000 rows, inside the claim's transaction. A crash after the call
 * rolls the claim back and the next pass calls again with the same keys: conversations answers
 * what it stored, so nobody is sent a step twice. Returns how many steps it ran.
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
      const step = steps.find((s) => s.id === pending.step_id);
      if (!step) {
        await stopRun(trx, run, "failed", now, pending);
        continue;
      }
      due.push({ flight: { run, steps }, pending, step });
    }
    await timeOut(
      trx,
      due.filter((d) => d.step.type === "wait_for_reply"),
      now,
    );
    const sends = due.filter((d) => d.step.type === "send");
    for (const [organizationId, items] of groupBy(sends, (d) => d.flight.run.organization_id)) {
      for (let at = 0; at < items.length; at += MAX_BULK_MESSAGES) {
        const batch = items.slice(at, at + MAX_BULK_MESSAGES);
        const answer = await deps.bulk.send(organizationId, batch.map(bulkRow));
        await recordSends(
          trx,
          batch.map((item, index) => ({ item, outcome: answer.results[index] })),
          now,
        );
      }
    }
    return claimed.length;
  });
}

function bulkRow({ flight, pending, step }: Due): BulkMessage {
  return {
    key: sendKey(flight.run.id, pending.step_id, pending.visit),
    type: "sms",
    from: flight.run.from,
    contact_id: flight.run.contact_id,
    step_id: pending.step_id,
    step_contact_id: pending.id,
    body: step.type === "send" ? step.body : "",
  } as BulkMessage;
}

/** Timed-out waits take `on_timeout`: closed together, their next steps entered together. */
async function timeOut(trx: Trx, waits: Due[], now: Date) {
  const next = new Map<string, StoredStep | undefined>();
  for (const { flight, pending, step } of waits)
    if (step.type === "wait_for_reply") next.set(pending.id, stepByKey(flight.steps, step.on_timeout));
  const closed = await closeSteps(trx, waits, (d) => ({
    outcome: "timed_out",
    done_at: now,
    next_step_id: next.get(d.pending.id)?.id ?? null,
  }));
  // The timeout counts from when the wait ended, so the next step's delay starts at its due time.
  await enterSteps(
    trx,
    closed.map((d) => ({ flight: d.flight, step: next.get(d.pending.id), at: d.pending.due_at ?? now })),
  );
}

/**
 * The bulk path's answers: a refused send stops its run; the sent ones are closed together
 * and their runs enter their next steps together.
 */
async function recordSends(trx: Trx, answers: { item: Due; outcome: BulkOutcome | undefined }[], now: Date) {
  const sent: { item: Due; id: string | null }[] = [];
  for (const { item, outcome } of answers) {
    if (item.step.type !== "send") continue;
    if (!outcome || outcome.status === "refused") {
      await closeStep(trx, item.flight.run, item.pending, {
        outcome: "refused",
        done_at: now,
        body: item.step.body,
      });
      const reason = outcome?.error?.code === "opted_out" ? "opted_out" : "failed";
      await stopRun(trx, item.flight.run, reason, now);
    } else sent.push({ item, id: outcome.id ?? null });
  }
  const next = new Map(sent.map(({ item }) => [item.pending.id, nextOf(item.flight.steps, item.step)]));
  const messageOf = new Map(sent.map(({ item, id }) => [item.pending.id, id]));
  const closed = await closeSteps(
    trx,
    sent.map((s) => s.item),
    (d) => ({
      outcome: "sent",
      done_at: now,
      body: d.step.type === "send" ? d.step.body : null,
      message_id: messageOf.get(d.pending.id) ?? null,
      next_step_id: next.get(d.pending.id)?.id ?? null,
    }),
  );
  await enterSteps(
    trx,
    closed.map((d) => ({ flight: d.flight, step: next.get(d.pending.id), at: now })),
  );
}

/** Closes the items' pending steps in one statement and announces them; returns the items closed. */
async function closeSteps(trx: Trx, items: Due[], patch: (d: Due) => Omit<StepClose, "id" | "state">) {
  const rows = await closeRunSteps(
    trx,
    items.map((d) => ({ id: d.pending.id, state: "done", ...patch(d) })),
  );
  const byId = new Map(items.map((d) => [d.pending.id, d]));
  const closed = rows.flatMap((row) => {
    const item = byId.get(row.id);
    return item ? [{ row, item }] : [];
  });
  await stepsChanged(
    trx,
    closed.map(({ row, item }) => ({ row, run: item.flight.run })),
  );
  return closed.map((c) => c.item);
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
