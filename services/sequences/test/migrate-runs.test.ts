import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateRuns } from "../src/services/migrate-runs.js";
import { editSequence } from "../src/services/write-sequence.js";
import { DAY, flowsOf } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";

let h: Harness;
let f: ReturnType<typeof flowsOf>;
beforeAll(async () => {
  h = await openHarness();
  f = flowsOf(h);
});
afterAll(() => h?.close());

describe("moving runs in flight to the current version", () => {
  it("moves the runs whose resting step is in it as the same kind, keeps the others, then runs the new steps", async () => {
    const sequence = await f.activeSequence([
      { type: "send", key: "ask", body: "Available?" },
      {
        type: "wait_for_reply",
        key: "wait",
        timeout: { value: 1, unit: "days" },
        on_reply: "done",
        on_timeout: "nudge",
      },
      { type: "send", key: "nudge", body: "Old nudge", next: "done" },
      { type: "end", key: "done" },
    ]);
    const [waiting] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    // v2 keeps `wait` and rewrites the nudge; v3 turns `wait` into a send: v2's runs cannot move to it.
    await editSequence(h.deps, h.organizationId, sequence.id, {
      steps: [
        { type: "send", key: "ask", body: "Available?" },
        {
          type: "wait_for_reply",
          key: "wait",
          timeout: { value: 1, unit: "days" },
          on_reply: "done",
          on_timeout: "nudge",
        },
        { type: "send", key: "nudge", body: "New nudge", next: "done" },
        { type: "end", key: "done" },
      ],
    });
    const moved = await migrateRuns(h.deps, h.organizationId, sequence.id, {});
    expect(moved).toEqual({ message: "1 runs moved to version 2", version: 2, moved: 1, kept: 0 });
    expect((await f.runOf(sequence.id, waiting)).version).toBe(2);
    h.setNow(h.now() + DAY);
    await f.drain();
    expect(f.sentTo(waiting)).toEqual(["Available?", "New nudge"]);

    const [second] = (await f.enroll(sequence.id)) as [string];
    await f.drain();
    await editSequence(h.deps, h.organizationId, sequence.id, {
      steps: [
        { type: "send", key: "ask", body: "Available?" },
        { type: "send", key: "wait", body: "No more waiting" },
      ],
    });
    expect(await migrateRuns(h.deps, h.organizationId, sequence.id, { from_version: 2 })).toMatchObject({
      version: 3,
      moved: 0,
      kept: 1,
    });
    expect((await f.runOf(sequence.id, second)).version).toBe(2);
  });

  it("answers 404 for another organization's sequence", async () => {
    const sequence = await f.activeSequence([{ type: "send", body: "x" }]);
    await expect(migrateRuns(h.deps, crypto.randomUUID(), sequence.id, {})).rejects.toThrow(/sequence/);
  });
});
