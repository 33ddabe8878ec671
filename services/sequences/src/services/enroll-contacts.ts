import {
  type Channel,
  type CreateSequenceContacts,
  NotFoundError,
  type RemoveSequenceContacts,
  type SequenceSettings,
  type StoredStep,
  ValidationError,
} from "@relay/domain";
import { type IdempotencyKey, upsertContactRows } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { contactsWithRuns, insertRuns, lockSequenceRuns, pendingStep } from "../db/runs.js";
import type { SequencesDB } from "../db/schema.js";
import { findVersion, lockSequence } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { runsChanged } from "./events.js";
import { enterNewRuns, stopRun } from "./run-engine.js";
import { channelAddress, sequenceChannel } from "./sequence-channel.js";

/**
 * `POST /v1/sequences/{id}/contacts`: the contacts upserted in core (every row checked first,
 * so a bad one refuses the request naming `to.<i>.<field>`), then one run each, at `step_id`
 * (a step's id or key; default the first), from `schedule_at` when it is later than now. The
 * sequence's `re_entry` decides about contacts who have (had) a run.
 */
export async function enrollContacts(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
  input: CreateSequenceContacts,
  idempotency?: IdempotencyKey,
): Promise<{ message: string; enrolled: number; skipped: number }> {
  const head = await deps.db
    .selectFrom("sequences")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!head) throw new NotFoundError("sequence");
  if (head.status !== "active")
    throw ValidationError.field("sequence", `is ${head.status}: activate it first`);
  // Another channel of the sequence's kind: its steps were written for it (an email's subject).
  const channel = input.from
    ? await sequenceChannel(deps, organizationId, { from: input.from }, head.channel_type)
    : undefined;
  // Refusals before anything is written: the step is checked on the current version first.
  if (
    input.step_id &&
    !startStep((await findVersion(deps.db, id, head.version)).steps as StoredStep[], input.step_id)
  )
    throw ValidationError.field("step_id", "is not a step of this sequence");
  const contactIds = await upsertContactRows(deps.contacts, organizationId, input.to, "to");
  const now = deps.now();
  const startAt = input.schedule_at && new Date(input.schedule_at) > now ? new Date(input.schedule_at) : now;

  return deps.transact(async (trx) => {
    const done = await enrollInTransaction(trx, {
      organizationId,
      sequenceId: id,
      contactIds,
      stepId: input.step_id,
      channel,
      startAt,
      now,
    });
    if (done === "inactive") throw ValidationError.field("sequence", "is not active");
    if (done === "no_step") throw ValidationError.field("step_id", "is not a step of this sequence");
    return { message: `${done.enrolled} contacts enrolled`, ...done };
  }, idempotency && { idempotency });
}

export interface Enrollment {
  organizationId: string;
  sequenceId: string;
  contactIds: string[];
  /** The step to start at (its id or key); the first when absent. */
  stepId?: string | undefined;
  /** The channel the runs send on, when not the sequence's. */
  channel?: Channel | undefined;
  startAt: Date;
  now: Date;
}

/**
 * One run per contact, inside the caller's transaction (an enrollment request, or the event a
 * trigger fired on): the sequence locked, so enrollments take turns and re-entry is decided on
 * what committed before; its `re_entry` skips contacts who have (had) a run.
 */
export async function enrollInTransaction(
  trx: Transaction<SequencesDB>,
  enrollment: Enrollment,
): Promise<{ enrolled: number; skipped: number } | "inactive" | "no_step"> {
  const { organizationId, sequenceId: id, contactIds, channel, startAt, now } = enrollment;
  const sequence = await lockSequence(trx, organizationId, id);
  if (sequence?.status !== "active") return "inactive";
  const version = await findVersion(trx, id, sequence.version);
  const steps = version.steps as StoredStep[];
  const start = startStep(steps, enrollment.stepId);
  if (!start) return "no_step";
  const { re_entry } = version.settings as SequenceSettings;
  const skip =
    re_entry === "allow"
      ? new Set<string>()
      : await contactsWithRuns(trx, id, contactIds, re_entry === "skip_if_active");
  const runs = await insertRuns(
    trx,
    contactIds
      .filter((contact) => !skip.has(contact))
      .map((contact) => ({
        id: crypto.randomUUID(),
        organization_id: organizationId,
        sequence_id: id,
        version: sequence.version,
        contact_id: contact,
        channel_id: channel?.id ?? sequence.channel_id,
        channel_type: channel?.type ?? sequence.channel_type,
        from: channel ? channelAddress(channel) : sequence.from,
        status: "active",
        stop_reason: null,
        current_step_id: null,
        last_reply: null,
        created_at: now,
        updated_at: now,
      })),
  );
  await runsChanged(trx, runs, true);
  await enterNewRuns(trx, runs, steps, start, startAt);
  return { enrolled: runs.length, skipped: skip.size };
}

/** `DELETE /v1/sequences/{id}/contacts`: the contacts' active runs stopped as removed. */
export async function removeContacts(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
  input: RemoveSequenceContacts,
): Promise<{ message: string; removed: number }> {
  const ids = input.contacts.map((row, index) => {
    if (!row.id)
      throw ValidationError.field(
        `contacts.${index}.id`,
        "is required (removal by phone is not supported yet)",
      );
    return row.id;
  });
  const now = deps.now();
  return deps.transact(async (trx) => {
    const sequence = await lockSequence(trx, organizationId, id);
    if (!sequence) throw new NotFoundError("sequence");
    const runs = await lockSequenceRuns(trx, id, [...new Set(ids)]);
    for (const run of runs) await stopRun(trx, run, "removed", now, await pendingStep(trx, run.id));
    return { message: `${runs.length} runs removed`, removed: runs.length };
  });
}

/** The step an enrollment starts at: the one `stepId` names (its id or key), else the first. */
function startStep(steps: StoredStep[], stepId: string | undefined): StoredStep | undefined {
  return stepId ? steps.find((s) => s.id === stepId || s.key === stepId) : steps[0];
}
