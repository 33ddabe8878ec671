import { AppError, type StoredStep } from "@relay/domain";
import type { Transaction } from "kysely";
import type { RunStepRow, SequencesDB } from "../db/schema.js";
import type { SequencesDeps } from "../deps.js";
import { enrollInTransaction } from "./enroll-contacts.js";
import { closeStep, completeRun, enterStep, nextOf, type RunInFlight, stopRun } from "./run-engine.js";

type Trx = Transaction<SequencesDB>;

/** Core refused for good (the contact is gone, too many tags): the run fails rather than retry without end. */
const refusedForGood = (error: unknown) =>
  error instanceof AppError && ["not_found", "validation_failed", "conflict"].includes(error.code);

/**
 * A step that asks another service to act and goes on: the call is idempotent (a retried pass
 * makes it again to the same effect); a refusal for good fails the run, anything else rolls
 * the pass back for a later retry.
 */
async function actThenGoOn(
  trx: Trx,
  flight: RunInFlight,
  step: StoredStep,
  pending: RunStepRow,
  now: Date,
  outcome: string,
  act: () => Promise<unknown>,
) {
  try {
    await act();
  } catch (error) {
    if (!refusedForGood(error)) throw error;
    await stopRun(trx, flight.run, "failed", now, pending);
    return;
  }
  const next = nextOf(flight.steps, step);
  const closed = await closeStep(trx, flight.run, pending, {
    outcome,
    done_at: now,
    next_step_id: next?.id ?? null,
  });
  if (closed) await enterStep(trx, flight, next, now);
}

/** A tag step: core puts the tags on and takes them off. */
export function runTagStep(
  deps: Pick<SequencesDeps, "contacts">,
  trx: Trx,
  flight: RunInFlight,
  step: Extract<StoredStep, { type: "tag" }>,
  pending: RunStepRow,
  now: Date,
) {
  const { run } = flight;
  return actThenGoOn(trx, flight, step, pending, now, "tagged", () =>
    deps.contacts.change(run.organization_id, run.contact_id, {
      add_tags: step.add,
      remove_tags: step.remove,
    }),
  );
}

/**
 * An assign step: conversations assigns the run's conversation (the same assignee again
 * changes nothing). No conversation yet (nothing sent nor received), or an assignee that is
 * not the organization's, fails the run.
 */
export function runAssignStep(
  deps: Pick<SequencesDeps, "assigner">,
  trx: Trx,
  flight: RunInFlight,
  step: Extract<StoredStep, { type: "assign" }>,
  pending: RunStepRow,
  now: Date,
) {
  const { run } = flight;
  return actThenGoOn(trx, flight, step, pending, now, "assigned", () =>
    deps.assigner.assign(run.organization_id, {
      contact_id: run.contact_id,
      channel_id: run.channel_id,
      ...(step.user_id !== undefined && { assigned_user_id: step.user_id }),
      ...(step.team_id !== undefined && { assigned_team_id: step.team_id }),
    }),
  );
}

/**
 * A move step: this run completes (`moved`) and the contact is enrolled in the other sequence,
 * in the same transaction, by its re-entry rules; when that sequence is no longer active the
 * run completes all the same (`move_skipped`), as an enrollment into it would be refused.
 */
export async function runMoveStep(
  trx: Trx,
  flight: RunInFlight,
  step: Extract<StoredStep, { type: "move" }>,
  pending: RunStepRow,
  now: Date,
) {
  const { run } = flight;
  const done = await enrollInTransaction(trx, {
    organizationId: run.organization_id,
    sequenceId: step.sequence_id,
    contactIds: [run.contact_id],
    startAt: now,
    now,
  });
  const moved = typeof done === "object" && done.enrolled > 0;
  const closed = await closeStep(trx, run, pending, {
    outcome: moved ? "moved" : "move_skipped",
    done_at: now,
  });
  if (closed) await completeRun(trx, run, now);
}
