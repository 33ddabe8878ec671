import { AppError, type BulkOutcome, durationMs, readAnswer, type StoredStep } from "@relay/domain";
import type { Transaction } from "kysely";
import { updatePendingStep } from "../db/runs.js";
import type { RunRow, RunStepRow, SequencesDB } from "../db/schema.js";
import type { SequencesDeps } from "../deps.js";
import { stepChanged } from "./events.js";
import { closeStep, enterStep, nextOf, type RunInFlight, stepByKey } from "./run-engine.js";

type Trx = Transaction<SequencesDB>;
type Collect = Extract<StoredStep, { type: "collect" }>;

/** A collect step is asking (its question is due) or awaiting the answer. */
export const isAsking = (pending: RunStepRow) => pending.phase === "ask" || pending.phase === "reask";

/** The question a due collect step sends: the re-ask's own words the second time, when it has them. */
export const questionOf = (step: Collect, pending: RunStepRow) =>
  pending.phase === "reask" ? (step.retry_body ?? step.body ?? "") : (step.body ?? "");

/** The question went out (`asked`, as rendered): the step now awaits the answer until its timeout. */
export async function questionAsked(
  trx: Trx,
  run: RunRow,
  step: Collect,
  pending: RunStepRow,
  outcome: BulkOutcome,
  now: Date,
  asked: string,
) {
  const row = await updatePendingStep(trx, pending.id, {
    phase: pending.phase === "reask" ? "await_again" : "await",
    due_at: new Date(now.getTime() + durationMs(step.timeout)),
    message_id: outcome.id ?? null,
    body: asked,
    reply: null,
  });
  if (row) await stepChanged(trx, row, run);
}

/** No answer in time: `on_timeout`, else the step after. */
export async function collectTimedOut(
  trx: Trx,
  flight: RunInFlight,
  step: Collect,
  pending: RunStepRow,
  now: Date,
) {
  const next = step.on_timeout ? stepByKey(flight.steps, step.on_timeout) : nextOf(flight.steps, step);
  const closed = await closeStep(trx, flight.run, pending, {
    outcome: "timed_out",
    done_at: now,
    next_step_id: next?.id ?? null,
  });
  if (closed) await enterStep(trx, flight, next, pending.due_at ?? now);
}

/**
 * The contact answered a collect step: an answer of its kind is stored in the contact (core
 * writes it, idempotently, so a retried event stores it once more to the same effect) and the
 * run goes on; a bad one (or one core refuses, e.g. an email another contact has) is asked
 * again once, then goes to `on_invalid`.
 */
export async function answerCollect(
  deps: Pick<SequencesDeps, "contacts">,
  trx: Trx,
  flight: RunInFlight,
  step: Collect,
  pending: RunStepRow,
  reply: string,
  now: Date,
) {
  const { run, steps } = flight;
  const value = readAnswer(step.answer, reply);
  if (value !== undefined && (await stored(deps, run, step, value))) {
    const next = nextOf(steps, step);
    const closed = await closeStep(trx, run, pending, {
      outcome: "answered",
      done_at: now,
      reply,
      next_step_id: next?.id ?? null,
    });
    if (closed) await enterStep(trx, flight, next, now);
    return;
  }
  if (pending.phase === "await") {
    const row = await updatePendingStep(trx, pending.id, { phase: "reask", due_at: now, reply });
    if (row) await stepChanged(trx, row, run);
    return;
  }
  const next = step.on_invalid ? stepByKey(steps, step.on_invalid) : nextOf(steps, step);
  const closed = await closeStep(trx, run, pending, {
    outcome: "invalid",
    done_at: now,
    reply,
    next_step_id: next?.id ?? null,
  });
  if (closed) await enterStep(trx, flight, next, now);
}

/** Writes the answer into the contact's field or property; false when core refuses the value. */
async function stored(
  deps: Pick<SequencesDeps, "contacts">,
  run: RunRow,
  step: Collect,
  value: string | number | boolean,
): Promise<boolean> {
  const property = step.field.startsWith("properties.") ? step.field.slice("properties.".length) : undefined;
  const update = property ? { properties: { [property]: value } } : { [step.field]: value };
  try {
    await deps.contacts.change(run.organization_id, run.contact_id, { update });
    return true;
  } catch (error) {
    if (error instanceof AppError && (error.code === "validation_failed" || error.code === "conflict"))
      return false;
    throw error;
  }
}
