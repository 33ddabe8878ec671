import type { StepInput } from "@relay/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyReply } from "../src/services/apply-replies.js";
import { changeSequenceStatus } from "../src/services/write-sequence.js";
import { DAY, flowsOf, HOUR } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

/** The example: available? YES → which shift, stored; no reply in 2 days → nudge; still nothing → tag. */
const SHIFTS: StepInput[] = [
  { type: "send", key: "ask", body: "Are you available next week? Reply YES or NO" },
  {
    type: "wait_for_reply",
    key: "wait",
    timeout: { value: 2, unit: "days" },
    on_reply: "check",
    on_timeout: "nudge",
  },
  { type: "branch", key: "check", rules: [{ answer: "yes_no", next: "yes_or_no" }], otherwise: "done" },
  {
    type: "branch",
    key: "yes_or_no",
    rules: [{ keywords: ["yes", "y", "yeah"], next: "shift" }],
    otherwise: "done",
  },
  {
    type: "collect",
    key: "shift",
    body: "Which shift: day or night?",
    retry_body: "Please answer with a word, e.g. day",
    answer: "text",
    field: "properties.shift",
    timeout: { value: 1, unit: "days" },
    next: "thanks",
    on_invalid: "done",
  },
  { type: "send", key: "thanks", body: "Thanks, noted!", next: "done" },
  { type: "send", key: "nudge", body: "Just checking in: available next week?" },
  {
    type: "wait_for_reply",
    key: "wait_again",
    timeout: { value: 2, unit: "days" },
    on_reply: "check",
    on_timeout: "unresponsive",
  },
  { type: "tag", key: "unresponsive", add: ["unresponsive"], remove: ["active"], next: "done" },
  { type: "end", key: "done" },
];

let h: Harness;
let f: ReturnType<typeof flowsOf>;
beforeAll(async () => {
  h = await openHarness();
  f = flowsOf(h);
});
afterAll(() => h?.close());

const reply = (contact: string, body: string) =>
  applyReply(h.deps, h.inbound(contact, body), h.organizationId);
const changesOf = (contact: string) => h.changes.filter((c) => c.contactId === contact).map((c) => c.change);

describe("collect steps", () => {
  it("asks, stores a valid answer in the contact and goes on", async () => {
    const sequence = await f.activeSequence(SHIFTS);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    await reply(contact, "Yes!");
    await f.drain();
    expect(f.sentTo(contact)).toEqual([
      "Are you available next week? Reply YES or NO",
      "Which shift: day or night?",
    ]);
    await reply(contact, " night ");
    await f.drain();
    expect(changesOf(contact)).toEqual([{ update: { properties: { shift: "night" } } }]);
    expect(f.sentTo(contact).at(-1)).toBe("Thanks, noted!");
    const run = await f.runOf(sequence.id, contact);
    expect(run.status).toBe("completed");
    expect(await f.historyOf(run.id)).toEqual([
      "ask:done:sent",
      "wait:done:replied",
      "check:done:branched",
      "yes_or_no:done:branched",
      "shift:done:answered",
      "thanks:done:sent",
      "done:done:ended",
    ]);
  });

  it("asks again once on a bad answer (its own words, its own key), then goes to on_invalid", async () => {
    const steps: StepInput[] = [
      {
        type: "collect",
        key: "count",
        body: "How many hours can you work?",
        retry_body: "A number, please: how many hours?",
        answer: "number",
        field: "properties.hours",
        timeout: { value: 1, unit: "days" },
        on_invalid: "bad",
      },
      { type: "send", key: "good", body: "Got it", next: "done" },
      { type: "send", key: "bad", body: "We'll call you", next: "done" },
      { type: "end", key: "done" },
    ];
    const sequence = await f.activeSequence(steps);
    const [first, second] = (await f.enroll(sequence.id, 2)) as [string, string];
    await f.drain();
    await reply(first, "lots");
    await reply(second, "lots");
    await f.drain();
    expect(f.sentTo(first)).toEqual(["How many hours can you work?", "A number, please: how many hours?"]);
    await reply(first, "1,200");
    await reply(second, "maybe 4");
    await f.drain();
    expect(changesOf(first)).toEqual([{ update: { properties: { hours: 1200 } } }]);
    expect(f.sentTo(first).at(-1)).toBe("Got it");
    expect(changesOf(second)).toEqual([]);
    expect(f.sentTo(second).at(-1)).toBe("We'll call you");
    const run = await f.runOf(sequence.id, second);
    expect(await f.historyOf(run.id)).toEqual(["count:done:invalid", "bad:done:sent", "done:done:ended"]);
  });

  it("takes a value core refuses (an email another contact has) as a bad answer", async () => {
    const steps: StepInput[] = [
      {
        type: "collect",
        key: "email",
        body: "Your email?",
        answer: "email",
        field: "email",
        timeout: { value: 1, unit: "days" },
      },
    ];
    const sequence = await f.activeSequence(steps);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    h.refuseChanges.add(contact);
    await reply(contact, "Taken@Example.com");
    await f.drain();
    // Asked again with the question's own words, as it has no retry_body.
    expect(f.sentTo(contact)).toEqual(["Your email?", "Your email?"]);
    h.refuseChanges.delete(contact);
    await reply(contact, "mine@example.com");
    expect(changesOf(contact)).toEqual([{ update: { email: "mine@example.com" } }]);
    expect((await f.runOf(sequence.id, contact)).status).toBe("completed");
  });

  it("goes to on_timeout (else the step after) when no answer comes in time", async () => {
    const steps: StepInput[] = [
      {
        type: "collect",
        key: "when",
        body: "When can you start? (MM/DD/YYYY)",
        answer: "date",
        field: "properties.start",
        timeout: { value: 1, unit: "days" },
        delay: { value: 1, unit: "hours" },
      },
      { type: "send", key: "after", body: "No worries" },
    ];
    const sequence = await f.activeSequence(steps);
    const start = h.now();
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    expect(f.sentTo(contact)).toEqual([]);
    h.setNow(start + HOUR);
    await f.drain();
    expect(f.sentTo(contact)).toEqual(["When can you start? (MM/DD/YYYY)"]);
    h.setNow(start + HOUR + DAY);
    await f.drain();
    expect(f.sentTo(contact)).toEqual(["When can you start? (MM/DD/YYYY)", "No worries"]);
    const run = await f.runOf(sequence.id, contact);
    expect(await f.historyOf(run.id)).toEqual(["when:done:timed_out", "after:done:sent"]);
  });

  it("stores a date as YYYY-MM-DD", async () => {
    const steps: StepInput[] = [
      {
        type: "collect",
        body: "When can you start?",
        answer: "date",
        field: "properties.start",
        timeout: { value: 1, unit: "days" },
      },
    ];
    const sequence = await f.activeSequence(steps);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    await reply(contact, "2/29/2028");
    expect(changesOf(contact)).toEqual([{ update: { properties: { start: "2028-02-29" } } }]);
  });
});

describe("tag steps", () => {
  it("tags a contact that never answers, through core", async () => {
    const sequence = await f.activeSequence(SHIFTS);
    const start = h.now();
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    h.setNow(start + 2 * DAY);
    await f.drain();
    h.setNow(start + 4 * DAY);
    await f.drain();
    expect(changesOf(contact)).toEqual([{ add_tags: ["unresponsive"], remove_tags: ["active"] }]);
    const run = await f.runOf(sequence.id, contact);
    expect(run.status).toBe("completed");
    expect((await f.historyOf(run.id)).slice(-2)).toEqual(["unresponsive:done:tagged", "done:done:ended"]);
  });

  it("fails the run when core refuses for good (the contact is gone)", async () => {
    const sequence = await f.activeSequence([{ type: "tag", add: ["x"], remove: [] }]);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    h.refuseChanges.add(contact);
    await f.drain();
    const run = await f.runOf(sequence.id, contact);
    expect([run.status, run.stop_reason]).toEqual(["stopped", "failed"]);
  });
});

describe("move steps", () => {
  it("completes the run as moved and enrolls the contact in the other sequence", async () => {
    const target = await f.activeSequence([{ type: "send", body: "Welcome to the other one" }]);
    const sequence = await f.activeSequence([
      { type: "send", body: "Moving you on" },
      { type: "move", sequence_id: target.id },
    ]);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    expect(f.sentTo(contact)).toEqual(["Moving you on", "Welcome to the other one"]);
    const run = await f.runOf(sequence.id, contact);
    expect(run.status).toBe("completed");
    expect((await f.historyOf(run.id)).at(-1)).toBe("step_2:done:moved");
    expect((await f.runOf(target.id, contact)).status).toBe("completed");
  });

  it("completes as move_skipped when the other sequence is no longer active", async () => {
    const target = await f.activeSequence([{ type: "send", body: "never" }]);
    const sequence = await f.activeSequence([{ type: "move", sequence_id: target.id }]);
    await changeSequenceStatus(h.deps, h.organizationId, target.id, "archive");
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    const run = await f.runOf(sequence.id, contact);
    expect(run.status).toBe("completed");
    expect(await f.historyOf(run.id)).toEqual(["step_1:done:move_skipped"]);
    expect(f.sentTo(contact)).toEqual([]);
  });
});

describe("assign steps", () => {
  it("assigns the run's conversation to the user and team, then goes on", async () => {
    const team = crypto.randomUUID();
    const sequence = await f.activeSequence([
      { type: "send", body: "A recruiter will follow up" },
      { type: "assign", user_id: 7, team_id: team },
      { type: "send", body: "Meet Dana" },
    ]);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    expect(h.assignments.filter((a) => a.contact_id === contact)).toEqual([
      {
        organizationId: h.organizationId,
        contact_id: contact,
        channel_id: h.channel.id,
        assigned_user_id: 7,
        assigned_team_id: team,
      },
    ]);
    const run = await f.runOf(sequence.id, contact);
    expect(await f.historyOf(run.id)).toEqual([
      "step_1:done:sent",
      "step_2:done:assigned",
      "step_3:done:sent",
    ]);
  });

  it("fails the run when conversations refuses the assignee", async () => {
    const sequence = await f.activeSequence([{ type: "assign", user_id: 404 }]);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    const run = await f.runOf(sequence.id, contact);
    expect([run.status, run.stop_reason]).toEqual(["stopped", "failed"]);
  });
});
