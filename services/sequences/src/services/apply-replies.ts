import type { ConsentChange, Message, SequenceSettings, StoredStep } from "@relay/domain";
import { lockActiveRuns, pendingStep, updateRun } from "../db/runs.js";
import { findVersions, versionKey } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";
import { isOptOutKeyword } from "../rules/keywords.js";
import { answerCollect } from "./collect-step.js";
import { fireKeywordTriggers } from "./fire-triggers.js";
import { closeStep, enterStep, stepByKey, stopRun } from "./run-engine.js";
import { takeOver, writtenByPerson } from "./take-over.js";

/** A message in a conversation: the contact's reply moves runs; a person's own message takes the conversation over. */
export function applyMessage(deps: SequencesDeps, message: Message, organizationId: string) {
  if (writtenByPerson(message)) {
    const party = { organizationId, contactId: message.contact_id, channelId: message.channel_id };
    return takeOver(deps, party, "message");
  }
  return applyReply(deps, message, organizationId);
}

/**
 * A contact's inbound message, applied to their active runs on its channel, once per message:
 * a run waiting for a reply takes `on_reply` (the run row is locked and the wait must still be
 * pending, so a reply racing the timeout takes one branch only), one awaiting an answer to a
 * collect step's question takes it as the answer; any other run stops when its
 * sequence stops on reply, else keeps the reply for a later branch. STOP and the other opt-out
 * keywords stop the run as an opt-out. Then the message may start runs (`keyword` triggers).
 */
export async function applyReply(deps: SequencesDeps, message: Message, organizationId: string) {
  if (message.direction !== "INBOUND") return;
  const now = deps.now();
  await deps.transact(async (trx) => {
    const first = await trx
      .insertInto("replies_seen")
      .values({ message_id: message.id })
      .onConflict((oc) => oc.doNothing())
      .returning("message_id")
      .executeTakeFirst();
    if (!first) return;
    const runs = await lockActiveRuns(trx, organizationId, message.contact_id, message.channel_id);
    const versions = await findVersions(trx, runs);
    const reply = message.body ?? "";
    for (const locked of runs) {
      // A person has the conversation: the reply is theirs to answer; only an opt-out still counts.
      if (locked.paused_at && !isOptOutKeyword(message.body ?? "")) continue;
      const version = versions.get(versionKey(locked));
      const steps = (version?.steps ?? []) as StoredStep[];
      const settings = version?.settings as SequenceSettings | undefined;
      const run = await updateRun(trx, locked.id, { last_reply: reply, last_reply_at: now });
      const pending = await pendingStep(trx, run.id);
      if (isOptOutKeyword(reply)) {
        await stopRun(trx, run, "opted_out", now, pending);
        continue;
      }
      const waiting = pending && steps.find((s) => s.id === pending.step_id);
      if (pending && waiting?.type === "wait_for_reply") {
        const next = stepByKey(steps, waiting.on_reply);
        const closed = await closeStep(trx, run, pending, {
          outcome: "replied",
          done_at: now,
          reply,
          next_step_id: next?.id ?? null,
        });
        if (closed) await enterStep(trx, { run, steps }, next, now);
      } else if (pending && waiting?.type === "collect" && pending.phase !== "ask") {
        await answerCollect(deps, trx, { run, steps }, waiting, pending, reply, now);
      } else if (settings?.stop_on_reply !== false) {
        await stopRun(trx, run, "replied", now, pending);
      }
    }
    if (!isOptOutKeyword(reply)) await fireKeywordTriggers(trx, message, organizationId, now);
  });
}

/** An opt-out on a channel stops the contact's runs on it at once. */
export async function applyOptOut(deps: SequencesDeps, change: ConsentChange, organizationId: string) {
  if (change.opt_in) return;
  const now = deps.now();
  await deps.transact(async (trx) => {
    const runs = await lockActiveRuns(trx, organizationId, change.contact_id, change.channel_id);
    for (const run of runs) await stopRun(trx, run, "opted_out", now, await pendingStep(trx, run.id));
  });
}
