import type { StepInput } from "@relay/domain";
import { uniqueName, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollContacts } from "../src/services/enroll-contacts.js";
import { sendKey } from "../src/services/timer-pass.js";
import { ConversationsServer } from "./conversations-server.js";
import { flowsOf } from "./flows.js";
import { type Harness, openHarness } from "./harness.js";
import { processStarter, type RunningSequences } from "./service-process.js";

/**
 * kill -9 of the service's own process in the middle of a wait, and again while the step the
 * wait led to is being handed to conversations: restarted with its clock moved past the due
 * time (CLOCK_OFFSET_MS), it fires the step once. The enrollment is written on the same schema
 * in this process (its fakes stand for core); conversations is an HTTP fake that counts keys.
 */
const DAY = 86_400_000;
const STEPS: StepInput[] = [
  { type: "send", key: "ask", body: "are you available next week?" },
  {
    type: "wait_for_reply",
    key: "wait",
    timeout: { value: 1, unit: "days" },
    on_reply: "done",
    on_timeout: "nudge",
  },
  { type: "send", key: "nudge", body: "just checking in", next: "done" },
  { type: "end", key: "done" },
];
const CONTACTS = 5;
const schema = uniqueName("sequences_crash");
const namespace = uniqueName("seqcrash");
let conversations: ConversationsServer;
let h: Harness;
let service: RunningSequences | undefined;

const start = (offsetMs: number) =>
  processStarter({ schema, namespace, conversationsUrl: conversations.url })(offsetMs);

beforeAll(async () => {
  conversations = await ConversationsServer.start();
  service = await start(0);
  h = await openHarness({ schema });
}, 90_000);
afterAll(async () => {
  await service?.stop();
  await conversations?.stop();
  await h?.close();
});

const history = (runId: string) => h.history(runId);

describe("kill -9 of the sequences service", () => {
  it("in the middle of a wait, and again mid-hand-off: the step after the wait fires once", async () => {
    h.setNow(Date.now());
    const created = await flowsOf(h).activeSequence(STEPS);
    const phones = Array.from({ length: CONTACTS }, (_, i) => `+1415555${String(2000 + i)}`);
    await enrollContacts(h.deps, h.organizationId, created.id, { to: phones.map((phone) => ({ phone })) });
    const runs = await h.database.db
      .selectFrom("sequence_runs")
      .selectAll()
      .where("sequence_id", "=", created.id)
      .execute();
    expect(runs).toHaveLength(CONTACTS);
    const [ask, , nudge] = created.steps.map((s) => s.id) as [string, string, string];

    // The running process sends the first step and every run rests on its wait.
    await waitFor(
      async () => {
        for (const run of runs)
          if ((await history(run.id)).join() !== "ask:done:sent,wait:pending") return false;
        return true;
      },
      { timeoutMs: 20_000, description: "every run waiting after its first send" },
    );
    await service?.kill();

    // Restarted a day and a minute later by its clock: the nudges are due at once. Conversations
    // stores them and holds its answer; the process is killed again before it commits.
    let release = () => {};
    conversations.bulk.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    service = await start(DAY + 60_000);
    const nudgeKeys = runs.map((run) => sendKey(run.id, nudge, 1));
    await waitFor(() => nudgeKeys.every((key) => conversations.bulk.sent.has(key)), {
      timeoutMs: 20_000,
      description: "the nudges handed to conversations",
    });
    await service.kill();
    release();
    conversations.bulk.hold = undefined;
    // The timeouts committed in a pass of their own; the nudges' claims rolled back with the process.
    for (const run of runs)
      expect(await history(run.id)).toEqual(["ask:done:sent", "wait:done:timed_out", "nudge:pending"]);

    // The next start calls again with the same keys: conversations answers what it stored.
    const restarted = Date.now();
    service = await start(DAY + 60_000);
    await waitFor(
      async () => {
        for (const run of runs) if ((await history(run.id)).at(-1) !== "done:done:ended") return false;
        return true;
      },
      { timeoutMs: 20_000, description: "every run to complete after the restart" },
    );
    // Late at most by the restart: the step fired within seconds of the process coming back.
    expect(Date.now() - restarted).toBeLessThan(20_000);
    const receipts = conversations.bulk.receipts();
    for (const run of runs) {
      expect(await history(run.id)).toEqual([
        "ask:done:sent",
        "wait:done:timed_out",
        "nudge:done:sent",
        "done:done:ended",
      ]);
      expect(receipts.get(sendKey(run.id, ask, 1))).toBe(1);
      // Received twice (before the second kill and after), created once.
      expect(receipts.get(sendKey(run.id, nudge, 1))).toBe(2);
      const finished = await h.database.db
        .selectFrom("sequence_runs")
        .selectAll()
        .where("id", "=", run.id)
        .executeTakeFirstOrThrow();
      expect(finished.status).toBe("completed");
    }
    const messages = [...conversations.bulk.sent.values()].filter((m) => m.body === "just checking in");
    expect(messages).toHaveLength(CONTACTS);
    // The run step points at the message conversations stored first.
    const stored = await h.database.db
      .selectFrom("run_steps")
      .select(["run_id", "message_id"])
      .where(
        "run_id",
        "in",
        runs.map((r) => r.id),
      )
      .where("step_key", "=", "nudge")
      .execute();
    for (const row of stored)
      expect(row.message_id).toBe(conversations.bulk.sent.get(sendKey(row.run_id, nudge, 1))?.id);
  }, 120_000);
});
