import type { SequenceSettings, StepInput } from "@relay/domain";
import { enrollContacts } from "../src/services/enroll-contacts.js";
import { timerPass } from "../src/services/timer-pass.js";
import { changeSequenceStatus, createSequence } from "../src/services/write-sequence.js";
import { HARNESS_CALL_SLOTS, type Harness } from "./harness.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The follow-up example: ask after an hour, wait two days, YES → "great", timeout → a nudge. */
export const FOLLOW_UP: StepInput[] = [
  {
    type: "send",
    key: "ask",
    body: "are you available next week? reply YES",
    delay: { value: 1, unit: "hours" },
  },
  {
    type: "wait_for_reply",
    key: "wait",
    timeout: { value: 2, unit: "days" },
    on_reply: "check",
    on_timeout: "nudge",
  },
  { type: "branch", key: "check", rules: [{ keywords: ["YES"], next: "great" }], otherwise: "done" },
  { type: "send", key: "great", body: "great", next: "done" },
  { type: "send", key: "nudge", body: "just checking in", next: "done" },
  { type: "end", key: "done" },
];

const DEFAULTS: SequenceSettings = {
  stop_on_reply: true,
  re_entry: "allow",
  on_takeover: "pause",
  quiet_hours: null,
  triggers: [],
};

/** What the tests of runs do on a harness: sequences made active, contacts enrolled, timers drained, history read. */
export function flowsOf(h: Harness) {
  let phones = 0;
  const newPhone = () => `+1415555${String(1000 + phones++).padStart(4, "0")}`;
  return {
    newPhone,
    async activeSequence(steps: StepInput[], settings: SequenceSettings = DEFAULTS) {
      const created = await createSequence(h.deps, h.organizationId, { title: "Follow up", steps, settings });
      await changeSequenceStatus(h.deps, h.organizationId, created.id, "activate");
      return created;
    },
    async enroll(sequenceId: string, count = 1) {
      const phoneList = Array.from({ length: count }, newPhone);
      await enrollContacts(h.deps, h.organizationId, sequenceId, {
        to: phoneList.map((phone) => ({ phone })),
      });
      return phoneList.map((phone) => h.contactOf(phone));
    },
    runOf: (sequenceId: string, contactId: string) =>
      h.database.db
        .selectFrom("sequence_runs")
        .selectAll()
        .where("sequence_id", "=", sequenceId)
        .where("contact_id", "=", contactId)
        .executeTakeFirstOrThrow(),
    /** A run's steps in order, as `key:state[:outcome]`. */
    historyOf: (runId: string) => h.history(runId),
    /** Runs the timers until nothing is due, webhook calls' outcomes included. */
    async drain() {
      for (;;) {
        while ((await timerPass(h.deps, 100)) > 0);
        if (h.deps.webhookCalls.freeSlots() === HARNESS_CALL_SLOTS) return;
        await h.deps.webhookCalls.idle();
      }
    },
    sentTo: (contactId: string) =>
      [...h.sent.values()].filter((m) => m.contact_id === contactId).map((m) => m.body),
  };
}
