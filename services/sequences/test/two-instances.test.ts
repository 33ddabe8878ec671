import type { StepInput } from "@relay/domain";
import { uniqueName, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContacts } from "../src/services/enroll-contacts.js";
import { sendKey } from "../src/services/timer-pass.js";
import { ConversationsServer } from "./conversations-server.js";
import { flowsOf } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";
import { type RunningSequences, startSequencesProcess } from "./service-process.js";

/**
 * Two processes of the service on one schema, their timer passes racing over many runs due at
 * once (small batches, a slow bulk path so the passes overlap): every step fires, none twice.
 */
const HOUR = 3_600_000;
const RUNS = 600;
const STEPS: StepInput[] = [
  { type: "send", key: "ask", body: "are you available next week?", delay: { value: 1, unit: "hours" } },
  { type: "send", key: "again", body: "one more thing", next: "done" },
  { type: "end", key: "done" },
];
const schema = uniqueName("sequences_two");
const namespace = uniqueName("seqtwo");
let conversations: ConversationsServer;
let h: Harness;
const instances: RunningSequences[] = [];

beforeAll(async () => {
  conversations = await ConversationsServer.start();
  conversations.delayMs = 15;
  // One starts first and migrates; the other finds the schema as it left it.
  for (const prefix of ["/a", "/b"])
    instances.push(
      await startSequencesProcess({
        schema,
        namespace,
        conversationsUrl: `${conversations.url}${prefix}`,
        env: { TIMER_INTERVAL_MS: "20", TIMER_BATCH_SIZE: "25" },
      }),
    );
  h = await openHarness({ schema });
}, 90_000);
afterAll(async () => {
  for (const instance of instances) await instance.stop();
  await conversations?.stop();
  await h?.close();
});

describe("two instances of the sequences service", () => {
  it("fire every due step once between them", async () => {
    // Enrolled an hour ago by this clock: every first send is due the moment the enrollment commits.
    h.setNow(Date.now() - HOUR);
    const created = await flowsOf(h).activeSequence(STEPS);
    const phones = Array.from({ length: RUNS }, (_, i) => `+1415556${String(1000 + i)}`);
    await enrollContacts(h.deps, h.organizationId, created.id, { to: phones.map((phone) => ({ phone })) });
    const runs = await h.database.db
      .selectFrom("sequence_runs")
      .select("id")
      .where("sequence_id", "=", created.id)
      .execute();
    expect(runs).toHaveLength(RUNS);

    const completed = () =>
      h.database.db
        .selectFrom("sequence_runs")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("sequence_id", "=", created.id)
        .where("status", "=", "completed")
        .executeTakeFirstOrThrow();
    await waitFor(async () => Number((await completed()).n) === RUNS, {
      timeoutMs: 60_000,
      description: `all ${RUNS} runs completed`,
    });

    const [ask, again] = created.steps.map((s) => s.id) as [string, string];
    const receipts = conversations.bulk.receipts();
    const keys = runs.flatMap((run) => [sendKey(run.id, ask, 1), sendKey(run.id, again, 1)]);
    expect(keys.filter((key) => receipts.get(key) !== 1)).toEqual([]);
    expect(receipts.size).toBe(2 * RUNS);
    // Each run's history: each send entered once and sent once.
    const rows = await h.database.db
      .selectFrom("run_steps")
      .select(["run_id", "step_key", "state", "outcome"])
      .where(
        "run_id",
        "in",
        runs.map((run) => run.id),
      )
      .execute();
    expect(rows.filter((row) => row.step_key !== "done" && row.outcome !== "sent")).toEqual([]);
    expect(rows).toHaveLength(3 * RUNS);
    // Both instances' passes did part of the work.
    const a = conversations.byPrefix.get("/a")?.length ?? 0;
    const b = conversations.byPrefix.get("/b")?.length ?? 0;
    expect(a + b).toBe(2 * RUNS);
    expect(Math.min(a, b)).toBeGreaterThan(0);
  }, 120_000);
});
