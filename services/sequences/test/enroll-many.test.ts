import type { StepInput } from "@relay/domain";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContacts } from "../src/services/enroll-contacts.js";
import { timerPass } from "../src/services/timer-pass.js";
import { changeSequenceStatus, createSequence } from "../src/services/write-sequence.js";
import { type Harness, openHarness } from "./harness.js";

/** The contract's largest enrollment, on a schema of its own (its 4,000 due steps would slow the other files' passes). */
let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h?.close());

const STEPS: StepInput[] = [
  { type: "send", key: "ask", body: "hello", delay: { value: 1, unit: "hours" } },
  { type: "end", key: "done" },
];

async function activeSequence() {
  const created = await createSequence(h.deps, h.organizationId, {
    title: "Many",
    steps: STEPS,
    settings: {
      stop_on_reply: true,
      re_entry: "allow",
      on_takeover: "pause",
      quiet_hours: null,
      triggers: [],
    },
  });
  await changeSequenceStatus(h.deps, h.organizationId, created.id, "activate");
  return created;
}
const phones = (count: number) =>
  Array.from({ length: count }, (_, i) => `+1415556${String(i).padStart(4, "0")}`);

describe("a 4,000-contact enrollment", () => {
  it("enrolls every contact in one request, each due once, and the passes send each once", async () => {
    const sequence = await activeSequence();
    const start = h.now();
    const started = performance.now();
    await enrollContacts(h.deps, h.organizationId, sequence.id, {
      to: phones(4000).map((phone) => ({ phone })),
    });
    const enrolledMs = performance.now() - started;
    const pending = await sql<{
      n: string;
    }>`select count(*) as n from run_steps where state = 'pending'`.execute(h.database.db);
    expect(Number(pending.rows[0]?.n)).toBe(4000);
    h.setNow(start + 3_600_000);
    const sending = performance.now();
    while ((await timerPass(h.deps, 500)) > 0);
    const sentMs = performance.now() - sending;
    expect(h.sent.size).toBe(4000);
    expect(h.calls.every((rows) => rows.length <= 500)).toBe(true);
    console.log(`enrolled 4000 in ${Math.round(enrolledMs)} ms, sent in ${Math.round(sentMs)} ms`);
  }, 120_000);
});
