import type { Conversation, Message, SequenceSettings } from "@relay/domain";
import { sql } from "kysely";
import { lockActiveRuns, pendingStep, updateRun } from "../db/runs.js";
import { findVersions, versionKey } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { runsChanged } from "./events.js";
import { stopRun } from "./run-engine.js";

/**
 * A person writing to the contact in the conversation: an outbound message that is not the
 * platform's own (automatic replies), nor a campaign's or a sequence's, nor an internal note.
 */
export const writtenByPerson = (message: Message) =>
  message.direction === "OUTBOUND" &&
  !message.automated &&
  message.source_type !== "NOTE" &&
  !message.campaign_id &&
  !message.step_id;

type Party = { organizationId: string; contactId: string; channelId: string };

/**
 * Whether the contact has an active run on the channel, read without a lock or a transaction:
 * conversations change on every message, and almost none of them has a run to pause or resume.
 */
async function hasActiveRun(deps: SequencesDeps, party: Party, paused?: true): Promise<boolean> {
  let query = deps.db
    .selectFrom("sequence_runs")
    .select("id")
    .where("organization_id", "=", party.organizationId)
    .where("contact_id", "=", party.contactId)
    .where("channel_id", "=", party.channelId)
    .where("status", "=", "active");
  if (paused) query = query.where("paused_at", "is not", null);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/**
 * A person took the conversation over: the contact's active runs on its channel pause (their
 * timers wait, replies go to the person) or stop (`taken_over`), as each sequence's
 * `on_takeover` says. An assignment outranks a message as the cause, so unassigning resumes.
 */
export async function takeOver(deps: SequencesDeps, party: Party, by: "message" | "assignment") {
  if (!(await hasActiveRun(deps, party))) return;
  const now = deps.now();
  await deps.transact(async (trx) => {
    const runs = await lockActiveRuns(trx, party.organizationId, party.contactId, party.channelId);
    if (runs.length === 0) return;
    const versions = await findVersions(trx, runs);
    const changed = [];
    for (const run of runs) {
      const settings = versions.get(versionKey(run))?.settings as SequenceSettings | undefined;
      if (settings?.on_takeover === "stop") {
        await stopRun(trx, run, "taken_over", now, await pendingStep(trx, run.id));
        continue;
      }
      if (run.paused_at && (run.paused_by === "assignment" || by === "message")) continue;
      changed.push(await updateRun(trx, run.id, { paused_at: run.paused_at ?? now, paused_by: by }));
    }
    await runsChanged(trx, changed);
  });
}

/**
 * The conversation was handed back: closed resumes every paused run, unassigned those an
 * assignment paused. The pending step's timer is moved on by the time the run was paused, so a
 * wait keeps the time it had left.
 */
export async function handBack(deps: SequencesDeps, party: Party, how: "closed" | "unassigned") {
  if (!(await hasActiveRun(deps, party, true))) return;
  const now = deps.now();
  await deps.transact(async (trx) => {
    const runs = await lockActiveRuns(trx, party.organizationId, party.contactId, party.channelId);
    const paused = runs.filter(
      (run) => run.paused_at && (how === "closed" || run.paused_by === "assignment"),
    );
    if (paused.length === 0) return;
    const resumed = [];
    for (const run of paused) {
      const pausedMs = Math.max(0, now.getTime() - (run.paused_at as Date).getTime());
      await trx
        .updateTable("run_steps")
        .set({ due_at: sql`due_at + make_interval(secs => ${pausedMs / 1000})` })
        .where("run_id", "=", run.id)
        .where("state", "=", "pending")
        .execute();
      resumed.push(await updateRun(trx, run.id, { paused_at: null, paused_by: null }));
    }
    await runsChanged(trx, resumed);
  });
}

/** A conversation's change, read for takeover: assigned to a user, closed, or open without one. */
export function applyConversation(deps: SequencesDeps, conversation: Conversation, organizationId: string) {
  const party = {
    organizationId,
    contactId: conversation.contact_id,
    channelId: conversation.channel_id,
  };
  if (conversation.status === "closed") return handBack(deps, party, "closed");
  if (conversation.assigned_user_id) return takeOver(deps, party, "assignment");
  return handBack(deps, party, "unassigned");
}
