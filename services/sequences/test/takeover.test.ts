import type { Conversation, Message } from "@relay/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMessage } from "../src/services/apply-replies.js";
import { applyConversation } from "../src/services/take-over.js";
import { DAY, FOLLOW_UP, flowsOf, HOUR } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

let h: Harness;
let f: ReturnType<typeof flowsOf>;
beforeAll(async () => {
  h = await openHarness();
  f = flowsOf(h);
});
afterAll(() => h?.close());

const inbound = (contact: string, body: string) =>
  applyMessage(h.deps, h.inbound(contact, body), h.organizationId);
/** A person writing to the contact from the inbox. */
const personWrites = (contact: string, overrides: Partial<Message> = {}) =>
  applyMessage(
    h.deps,
    {
      ...h.inbound(contact, "Hi, this is Dana"),
      direction: "OUTBOUND",
      source_type: "OUTBOUND",
      ...overrides,
    },
    h.organizationId,
  );
const conversation = (contact: string, change: Partial<Conversation>) =>
  applyConversation(
    h.deps,
    {
      id: crypto.randomUUID(),
      contact_id: contact,
      channel_id: h.channel.id,
      channel_type: "phone",
      status: "open",
      unread_count: 0,
      created_at: new Date(0).toISOString(),
      updated_at: new Date(0).toISOString(),
      ...change,
    },
    h.organizationId,
  );

async function startedRun() {
  const sequence = await f.activeSequence(FOLLOW_UP);
  const [contact] = (await f.enroll(sequence.id)) as [string];
  // The ask goes an hour after enrolling; the wait's two days count from then.
  const start = h.now() + HOUR;
  h.setNow(start);
  await f.drain();
  expect(f.sentTo(contact)).toEqual(["are you available next week? reply YES"]);
  return { sequence, contact, start };
}

describe("a person takes the conversation over", () => {
  it("pauses the run while they have it (replies are theirs), and resumes with the wait's time left", async () => {
    const { sequence, contact, start } = await startedRun();
    h.setNow(start + DAY);
    await personWrites(contact);
    let run = await f.runOf(sequence.id, contact);
    expect([run.status, run.paused_by]).toEqual(["active", "message"]);

    await inbound(contact, "YES");
    h.setNow(start + 4 * DAY);
    await f.drain();
    expect(f.sentTo(contact)).toEqual(["are you available next week? reply YES"]);
    expect(await f.historyOf(run.id)).toEqual(["ask:done:sent", "wait:pending"]);

    // A change that is not a hand-back (still open, nobody assigned) leaves it paused.
    await conversation(contact, { unread_count: 1 });
    expect((await f.runOf(sequence.id, contact)).paused_at).not.toBeNull();

    // Closed after three days paused: the wait had a day left, and keeps it.
    await conversation(contact, { status: "closed" });
    run = await f.runOf(sequence.id, contact);
    expect(run.paused_at).toBeNull();
    h.setNow(start + 5 * DAY - HOUR);
    await f.drain();
    expect(f.sentTo(contact)).toHaveLength(1);
    h.setNow(start + 5 * DAY);
    await f.drain();
    expect(f.sentTo(contact)).toEqual(["are you available next week? reply YES", "just checking in"]);
  });

  it("pauses on assignment to a user and resumes when unassigned", async () => {
    const { sequence, contact } = await startedRun();
    await conversation(contact, { assigned_user_id: 7 as never });
    expect((await f.runOf(sequence.id, contact)).paused_by).toBe("assignment");
    await conversation(contact, {});
    expect((await f.runOf(sequence.id, contact)).paused_at).toBeNull();
    await inbound(contact, "YES");
    await f.drain();
    expect(f.sentTo(contact)).toEqual(["are you available next week? reply YES", "great"]);
  });

  it("ignores the platform's own messages, campaigns', sequences' and notes", async () => {
    const { sequence, contact } = await startedRun();
    await personWrites(contact, { automated: true });
    await personWrites(contact, { campaign_id: crypto.randomUUID() });
    await personWrites(contact, { step_id: crypto.randomUUID() });
    await personWrites(contact, { source_type: "NOTE" });
    expect((await f.runOf(sequence.id, contact)).paused_at).toBeNull();
  });

  it("stops the run instead when the sequence says so", async () => {
    const sequence = await f.activeSequence(FOLLOW_UP, {
      stop_on_reply: true,
      re_entry: "allow",
      on_takeover: "stop",
      quiet_hours: null,
      triggers: [],
    });
    const [contact] = (await f.enroll(sequence.id)) as [string];
    h.setNow(h.now() + HOUR);
    await f.drain();
    await personWrites(contact);
    const run = await f.runOf(sequence.id, contact);
    expect([run.status, run.stop_reason]).toEqual(["stopped", "taken_over"]);
    expect(await f.historyOf(run.id)).toEqual(["ask:done:sent", "wait:cancelled:stopped"]);
  });

  it("still stops a paused run at once on an opt-out", async () => {
    const { sequence, contact } = await startedRun();
    await personWrites(contact);
    await inbound(contact, "STOP");
    const run = await f.runOf(sequence.id, contact);
    expect([run.status, run.stop_reason]).toEqual(["stopped", "opted_out"]);
  });
});
