import {
  type BulkMessage,
  type BulkOutcome,
  MAX_BULK_MESSAGES,
  type SequenceSettings,
  type StoredStep,
} from "@relay/domain";
import type { ObserveLag } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { claimDueSteps, closeRunSteps, type StepClose, updatePendingStep } from "../db/runs.js";
import type { RunRow, RunStepRow, SequencesDB } from "../db/schema.js";
import { findVersions, versionKey } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { runAssignStep, runMoveStep, runTagStep } from "./action-steps.js";
import { collectTimedOut, isAsking, questionAsked, questionOf } from "./collect-step.js";
import { enterSteps } from "./enter-steps.js";
import { stepsChanged } from "./events.js";
import { groupBy } from "./group-by.js";
import { personalize } from "./personalize.js";
import { closeStep, enterStep, nextOf, type RunInFlight, stepByKey, stopRun } from "./run-engine.js";
import { sendableAt } from "./send-window.js";
import { leaseCalls } from "./webhook-lease.js";

type Trx = Transaction<SequencesDB>;

/** The bulk path's key for a step's send: the same on every retry, so nothing is sent twice. */
export const sendKey = (runId: string, stepId: string, visit: number) =>
  visit === 1 ? `sequence:${runId}:${stepId}` : `sequence:${runId}:${stepId}:${visit}`;

interface Due {
  flight: RunInFlight;
  pending: RunStepRow;
  step: StoredStep;
  settings: SequenceSettings | undefined;
  /** What a send or question says, rendered for the contact before it goes. */
  text?: string;
}

/** A due step that sends: a send, or a collect step's question. */
const sends = (d: Due) => d.step.type === "send" || (d.step.type === "collect" && isAsking(d.pending));

/**
 * One pass of the timers: the steps due at the injected clock's now are claimed with their runs
 * (`skip locked`); timed-out waits take `on_timeout` (together), unanswered questions move on,
 * tag and move steps run (core's writes are idempotent, so a retried pass repeats them to the
 * same effect), and due sends and questions (those their hours let go now) go to the bulk path,
 * one call per organization and 1,000 rows, inside the claim's transaction. A crash after the
 * call rolls the claim back and the next pass calls again with the same keys: conversations
 * answers what it stored, so nobody is sent a step twice. Webhook steps are leased here and
 * called once the pass has committed (`leaseCalls`). Returns how many steps it ran.
 */
export async function timerPass(
  deps: SequencesDeps,
  limit: number,
  observeLag?: ObserveLag,
): Promise<number> {
  const now = deps.now();
  const { ran, calls } = await deps.transact(async (trx) => {
    const claimed = await claimDueSteps(trx, now, limit);
    if (claimed.length === 0) return { ran: 0, calls: [] };
    for (const { step } of claimed) if (step.due_at) observeLag?.(step.due_at, now);
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
    await timeOut(
      trx,
      due.filter((d) => d.step.type === "wait_for_reply"),
      now,
    );
    const calls = await leaseCalls(
      deps,
      trx,
      due.filter((d) => d.step.type === "webhook"),
      now,
    );
    for (const item of due.filter(
      (d) => d.step.type !== "wait_for_reply" && d.step.type !== "webhook" && !sends(d),
    ))
      await runDue(deps, trx, item, now);
    const ready = await heldBack(deps, trx, due.filter(sends), now);
    for (const [organizationId, items] of groupBy(ready, (d) => d.flight.run.organization_id)) {
      for (let at = 0; at < items.length; at += MAX_BULK_MESSAGES) {
        const batch = await withTexts(deps, organizationId, items.slice(at, at + MAX_BULK_MESSAGES));
        const answer = await deps.bulk.send(organizationId, batch.map(bulkRow));
        await recordSends(
          trx,
          batch.map((item, index) => ({ item, outcome: answer.results[index] })),
          now,
        );
      }
    }
    return { ran: claimed.length, calls };
  });
  deps.webhookCalls.dispatch(calls);
  return ran;
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

/** The batch with each item's text rendered for its contact (campaigns' template variables); a WhatsApp template has none. */
async function withTexts(deps: SequencesDeps, organizationId: string, batch: Due[]): Promise<Due[]> {
  const written = batch.map(({ step, pending }) =>
    step.type === "send" ? (step.body ?? "") : step.type === "collect" ? questionOf(step, pending) : "",
  );
  const texts = await personalize(
    deps,
    organizationId,
    batch.map((item, i) => ({ contactId: item.flight.run.contact_id, text: written[i] ?? "" })),
  );
  return batch.map((item, i) =>
    item.step.type === "send" && item.step.template ? item : { ...item, text: texts[i] ?? "" },
  );
}

/** A due step that neither sends nor waits for a reply: a question timing out, a tag, an assignment, a move. */
async function runDue(deps: SequencesDeps, trx: Trx, item: Due, now: Date) {
  const { flight, pending, step } = item;
  switch (step.type) {
    case "collect":
      return collectTimedOut(trx, flight, step, pending, now);
    case "tag":
      return runTagStep(deps, trx, flight, step, pending, now);
    case "assign":
      return runAssignStep(deps, trx, flight, step, pending, now);
    case "move":
      return runMoveStep(trx, flight, step, pending, now);
    default:
      return stopRun(trx, flight.run, "failed", now, pending);
  }
}

/** The bulk row of a due send or question, of the run's kind of channel. */
function bulkRow({ flight, pending, step, text }: Due): BulkMessage {
  // A question asked again is a send of its own: its key must differ from the first asking's.
  const key = sendKey(flight.run.id, pending.step_id, pending.visit);
  const common = {
    key: pending.phase === "reask" ? `${key}:again` : key,
    from: flight.run.from,
    contact_id: flight.run.contact_id,
    step_id: pending.step_id,
    step_contact_id: pending.id,
  };
  const subject = step.type === "send" || step.type === "collect" ? step.subject : undefined;
  const template = step.type === "send" ? step.template : undefined;
  switch (flight.run.channel_type) {
    case "email":
      return { ...common, type: "email", subject: subject ?? "", body: text ?? "" } as BulkMessage;
    case "whatsapp":
      return {
        ...common,
        type: "whatsapp",
        ...(template ? { template } : { body: text ?? "" }),
      } as BulkMessage;
    default:
      return { ...common, type: "sms", body: text ?? "" } as BulkMessage;
  }
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
 * A send or question conversations refused: recorded with why; a send with `on_failure` goes
 * there (an opt-out never: the run stops `opted_out`), anything else stops the run `failed`.
 */
async function refused(trx: Trx, item: Due, outcome: BulkOutcome | undefined, now: Date) {
  const { step, pending, flight } = item;
  const code = outcome?.error?.code;
  const failure =
    step.type === "send" && step.on_failure && code !== "opted_out"
      ? stepByKey(flight.steps, step.on_failure)
      : undefined;
  const closed = await closeStep(trx, flight.run, pending, {
    outcome: "refused",
    done_at: now,
    body: item.text ?? null,
    error: outcome?.error ? `${code}: ${outcome.error.message}` : "conversations gave no outcome for it",
    next_step_id: failure?.id ?? null,
  });
  if (closed && failure) await enterStep(trx, flight, failure, now);
  else await stopRun(trx, flight.run, code === "opted_out" ? "opted_out" : "failed", now);
}

/**
 * The bulk path's answers: a refused send or question fails (see `refused`); an asked question
 * awaits its answer; the sent ones are closed together and their runs enter their next steps together.
 */
async function recordSends(trx: Trx, answers: { item: Due; outcome: BulkOutcome | undefined }[], now: Date) {
  const sent: { item: Due; id: string | null }[] = [];
  for (const { item, outcome } of answers) {
    const { step, pending, flight } = item;
    if (step.type !== "send" && step.type !== "collect") continue;
    if (!outcome || outcome.status === "refused") await refused(trx, item, outcome, now);
    else if (step.type === "collect")
      await questionAsked(trx, flight.run, step, pending, outcome, now, item.text ?? "");
    else sent.push({ item, id: outcome.id ?? null });
  }
  const next = new Map(sent.map(({ item }) => [item.pending.id, nextOf(item.flight.steps, item.step)]));
  const messageOf = new Map(sent.map(({ item, id }) => [item.pending.id, id]));
  const closed = await closeSteps(
    trx,
    sent.map((s) => s.item),
    (d) => ({
      outcome: "sent",
      done_at: now,
      body: d.text ?? null,
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
