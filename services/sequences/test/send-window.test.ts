import type { OpeningHour, SequenceSettings } from "@relay/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowsOf } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

let h: Harness;
let f: ReturnType<typeof flowsOf>;
beforeAll(async () => {
  h = await openHarness();
  f = flowsOf(h);
  // The harness's channel is in New York; open weekdays 9:00–17:00.
  h.channel.opening_hours = (["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] as const).map(
    (weekday): OpeningHour => ({
      id: crypto.randomUUID(),
      weekday,
      opens_at: "09:00",
      closes_at: "17:00",
      state: "open",
    }),
  );
});
afterAll(() => h?.close());

const at = (iso: string) => h.setNow(Date.parse(iso));
const dueOf = async (runId: string) =>
  (
    await h.database.db
      .selectFrom("run_steps")
      .select("due_at")
      .where("run_id", "=", runId)
      .where("state", "=", "pending")
      .executeTakeFirstOrThrow()
  ).due_at;
const SETTINGS: Omit<SequenceSettings, "quiet_hours"> = {
  stop_on_reply: true,
  re_entry: "allow",
  on_takeover: "pause",
  triggers: [],
};

describe("sends held to business and quiet hours", () => {
  it("holds a business_hours send until the channel opens, then sends it", async () => {
    at("2026-01-05T23:00:00Z"); // Monday 18:00 in New York: closed
    const sequence = await f.activeSequence([{ type: "send", body: "Morning!", business_hours: true }]);
    const [contact] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    expect(f.sentTo(contact)).toEqual([]);
    const run = await f.runOf(sequence.id, contact);
    expect(await dueOf(run.id)).toEqual(new Date("2026-01-06T14:00:00Z"));
    at("2026-01-06T14:00:00Z");
    await f.drain();
    expect(f.sentTo(contact)).toEqual(["Morning!"]);
  });

  it("holds a question to the sequence's quiet hours, and a step without either sends at night", async () => {
    at("2026-01-06T03:00:00Z"); // Monday 22:00 in New York
    const quiet = await f.activeSequence(
      [
        {
          type: "collect",
          body: "Which shift?",
          answer: "text",
          field: "properties.shift",
          timeout: { value: 1, unit: "days" },
        },
      ],
      { ...SETTINGS, quiet_hours: { start: "08:00", end: "21:00" } },
    );
    const plain = await f.activeSequence([{ type: "send", body: "Now" }], { ...SETTINGS, quiet_hours: null });
    const [held] = (await f.enroll(quiet.id)) as [string];
    const [sent] = (await f.enroll(plain.id)) as [string];
    await f.drain();
    expect(f.sentTo(held)).toEqual([]);
    expect(f.sentTo(sent)).toEqual(["Now"]);
    const run = await f.runOf(quiet.id, held);
    expect(await dueOf(run.id)).toEqual(new Date("2026-01-06T13:00:00Z"));
    at("2026-01-06T13:00:00Z");
    await f.drain();
    expect(f.sentTo(held)).toEqual(["Which shift?"]);
  });
});
