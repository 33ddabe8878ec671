import type { SequenceSettings, StepInput } from "@relay/domain";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyOptOut, applyReply } from "../src/services/apply-replies.js";
import { enrollContacts } from "../src/services/enroll-contacts.js";
import { timerPass } from "../src/services/timer-pass.js";
import { editSequence } from "../src/services/write-sequence.js";
import { DAY, FOLLOW_UP, flowsOf, HOUR, MINUTE } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

let h: Harness;
let f: ReturnType<typeof flowsOf>;
beforeAll(async () => {
  h = await openHarness();
  f = flowsOf(h);
});
afterAll(() => h?.close());

const newPhone = () => f.newPhone();
const activeSequence = (steps = FOLLOW_UP, settings?: SequenceSettings) => f.activeSequence(steps, settings);
const enroll = (sequenceId: string, count?: number) => f.enroll(sequenceId, count);
const runOf = (sequenceId: string, contactId: string) => f.runOf(sequenceId, contactId);
const historyOf = (runId: string) => f.historyOf(runId);
const drain = () => f.drain();
const sentTo = (contactId: string) => f.sentTo(contactId);

describe("the timer pass", () => {
  it("sends nothing before a step is due, then the step at its due time with its key, and waits", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const [contact] = (await enroll(sequence.id)) as [string];
    h.setNow(start + HOUR - 1);
    await drain();
    expect(sentTo(contact)).toEqual([]);
    h.setNow(start + HOUR);
    await drain();
    const run = await runOf(sequence.id, contact);
    expect(sentTo(contact)).toEqual(["are you available next week? reply YES"]);
    const ask = sequence.steps[0]?.id;
    expect(h.sent.has(`sequence:${run.id}:${ask}`)).toBe(true);
    expect(await historyOf(run.id)).toEqual(["ask:done:sent", "wait:pending"]);

    // Two days after the send, less a minute: still waiting; at two days the nudge goes.
    h.setNow(start + HOUR + 2 * DAY - MINUTE);
    await drain();
    expect(sentTo(contact)).toHaveLength(1);
    h.setNow(start + HOUR + 2 * DAY);
    await drain();
    expect(sentTo(contact)).toEqual(["are you available next week? reply YES", "just checking in"]);
    expect(await historyOf(run.id)).toEqual([
      "ask:done:sent",
      "wait:done:timed_out",
      "nudge:done:sent",
      "done:done:ended",
    ]);
    expect((await runOf(sequence.id, contact)).status).toBe("completed");
  });

  it("sends many due steps in one bulk call", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const contacts = await enroll(sequence.id, 30);
    const before = h.calls.length;
    h.setNow(start + HOUR);
    await timerPass(h.deps, 100);
    expect(h.calls.length).toBe(before + 1);
    expect(
      h.calls
        .at(-1)
        ?.map((row) => row.contact_id)
        .sort(),
    ).toEqual([...contacts].sort());
  });

  it("after an answer lost in a crash, calls again with the same keys: nobody is sent a step twice", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const contacts = await enroll(sequence.id, 3);
    h.setNow(start + HOUR);
    h.loseNextAnswer();
    await expect(timerPass(h.deps, 100)).rejects.toThrow(/connection reset/);
    const lostKeys = h.calls.at(-1)?.map((row) => row.key);
    // The claim rolled back with the pass: the steps are pending again and go out under the same keys.
    await drain();
    expect(h.calls.at(-1)?.map((row) => row.key)).toEqual(lostKeys);
    for (const contact of contacts) {
      expect(sentTo(contact)).toHaveLength(1);
      const run = await runOf(sequence.id, contact);
      expect(await historyOf(run.id)).toEqual(["ask:done:sent", "wait:pending"]);
    }
  });

  it("two passes at once claim each due step once (skip locked)", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const contacts = await enroll(sequence.id, 20);
    h.setNow(start + HOUR);
    const before = h.calls.length;
    let release = () => {};
    h.holdBulk(
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    const first = timerPass(h.deps, 10);
    const second = timerPass(h.deps, 100);
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    h.holdBulk(undefined);
    await Promise.all([first, second]);
    const rows = h.calls.slice(before).flat();
    expect(rows.map((row) => row.contact_id).sort()).toEqual([...contacts].sort());
  });
});

describe("enrollment", () => {
  it("runs in flight keep their version after an edit; new enrollments take the new one", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const [before] = (await enroll(sequence.id)) as [string];
    await editSequence(h.deps, h.organizationId, sequence.id, {
      steps: [
        { ...(FOLLOW_UP[0] as Extract<StepInput, { type: "send" }>), body: "new wording" },
        ...FOLLOW_UP.slice(1),
      ],
    });
    const [after] = (await enroll(sequence.id)) as [string];
    h.setNow(start + HOUR);
    await drain();
    expect(sentTo(before)).toEqual(["are you available next week? reply YES"]);
    expect(sentTo(after)).toEqual(["new wording"]);
    expect((await runOf(sequence.id, before)).version).toBe(1);
    expect((await runOf(sequence.id, after)).version).toBe(2);
  });

  it("a send the bulk path refuses as opted out stops the run", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const [contact] = (await enroll(sequence.id)) as [string];
    h.optedOut.add(contact);
    h.setNow(start + HOUR);
    await drain();
    const run = await runOf(sequence.id, contact);
    expect(run).toMatchObject({ status: "stopped", stop_reason: "opted_out" });
    expect(await historyOf(run.id)).toEqual(["ask:done:refused"]);
  });

  it("starts at step_id (a key or an id), and walks a branch without a reply to its otherwise at once", async () => {
    const sequence = await activeSequence();
    const [byKey] = [newPhone()];
    await enrollContacts(h.deps, h.organizationId, sequence.id, { to: [{ phone: byKey }], step_id: "nudge" });
    const check = sequence.steps.find((s) => s.key === "check")?.id;
    const [byId] = [newPhone()];
    await enrollContacts(h.deps, h.organizationId, sequence.id, { to: [{ phone: byId }], step_id: check });
    await drain();
    expect(sentTo(h.contactOf(byKey))).toEqual(["just checking in"]);
    const run = await runOf(sequence.id, h.contactOf(byId));
    expect(run.status).toBe("completed");
    expect(await historyOf(run.id)).toEqual(["check:done:branched", "done:done:ended"]);
  });
});

describe("replies and opt-outs", () => {
  it("a reply during the wait takes on_reply once; a redelivered event changes nothing", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const [contact] = (await enroll(sequence.id)) as [string];
    h.setNow(start + HOUR);
    await drain();
    const reply = h.inbound(contact, "Yes!");
    await applyReply(h.deps, reply, h.organizationId);
    await applyReply(h.deps, reply, h.organizationId);
    await drain();
    const run = await runOf(sequence.id, contact);
    expect(sentTo(contact)).toEqual(["are you available next week? reply YES", "great"]);
    expect(await historyOf(run.id)).toEqual([
      "ask:done:sent",
      "wait:done:replied",
      "check:done:branched",
      "great:done:sent",
      "done:done:ended",
    ]);
    expect(run).toMatchObject({ status: "completed", last_reply: "Yes!" });
  });

  it("a reply racing the timeout takes exactly one branch", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const contacts = await enroll(sequence.id, 12);
    h.setNow(start + HOUR);
    await drain();
    h.setNow(start + HOUR + 2 * DAY);
    // Replies and one-step passes in a shuffled order, three at a time: some replies land first, some timeouts.
    const actions: (() => Promise<unknown>)[] = [
      ...contacts.map((contact) => () => applyReply(h.deps, h.inbound(contact, "YES"), h.organizationId)),
      ...contacts.map(() => () => timerPass(h.deps, 1)),
    ].sort(() => Math.random() - 0.5);
    const worker = async () => {
      for (let next = actions.shift(); next; next = actions.shift()) await next();
    };
    await Promise.all([worker(), worker(), worker()]);
    await drain();
    for (const contact of contacts) {
      const history = await historyOf((await runOf(sequence.id, contact)).id);
      const waits = history.filter((entry) => entry.startsWith("wait:"));
      expect(waits).toHaveLength(1);
      const sent = sentTo(contact);
      if (waits[0] === "wait:done:replied") {
        expect(sent).toEqual(["are you available next week? reply YES", "great"]);
      } else {
        // Timed out first: the nudge went, or the reply landed before it did and stopped the run.
        expect(waits).toEqual(["wait:done:timed_out"]);
        expect(sent.filter((body) => body === "great")).toEqual([]);
        expect(sent.filter((body) => body === "just checking in").length).toBeLessThanOrEqual(1);
      }
      expect(history.filter((entry) => /^(great|nudge):done:sent$/.test(entry)).length).toBeLessThanOrEqual(
        1,
      );
    }
  });

  it("stop_on_reply stops a run between sends; an opt-out stops one at once", async () => {
    const steps: StepInput[] = [
      { type: "send", key: "one", body: "one" },
      { type: "send", key: "two", body: "two", delay: { value: 1, unit: "days" } },
    ];
    const sequence = await activeSequence(steps);
    const [replier, quitter] = (await enroll(sequence.id, 2)) as [string, string];
    await drain();
    await applyReply(h.deps, h.inbound(replier, "who is this"), h.organizationId);
    const [stopper] = (await enroll(sequence.id)) as [string];
    await drain();
    await applyReply(h.deps, h.inbound(stopper, " Stop "), h.organizationId);
    await applyOptOut(
      h.deps,
      {
        contact_id: quitter,
        channel_id: h.channel.id,
        opt_in: false,
        source: "keyword",
        changed_at: new Date(h.now()).toISOString(),
      },
      h.organizationId,
    );
    h.setNow(h.now() + 2 * DAY);
    await drain();
    expect(sentTo(replier)).toEqual(["one"]);
    expect(sentTo(quitter)).toEqual(["one"]);
    expect(await runOf(sequence.id, replier)).toMatchObject({ status: "stopped", stop_reason: "replied" });
    expect(await runOf(sequence.id, quitter)).toMatchObject({ status: "stopped", stop_reason: "opted_out" });
    expect(await runOf(sequence.id, stopper)).toMatchObject({ status: "stopped", stop_reason: "opted_out" });
    expect(sentTo(stopper)).toEqual(["one"]);
    const pending = await sql<{ n: string }>`select count(*) as n from run_steps where state = 'pending'
      and run_id in (select id from sequence_runs where sequence_id = ${sequence.id})`.execute(h.database.db);
    expect(Number(pending.rows[0]?.n)).toBe(0);
  });
});
