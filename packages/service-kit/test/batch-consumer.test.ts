import { defineEvent, ValidationError } from "@relay/domain";
import { testNatsUrl, uniqueName, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Bus, connectBus, createLogger, newEvent, startBatchConsumer } from "../src/index.js";

// One event type per test: a durable reads its subject's whole stream.
const Counted = defineEvent("kitbatch.item.counted", z.object({ n: z.number().int() }));
const Checked = defineEvent("kitbatch.item.checked", z.object({ n: z.number().int() }));
const logger = createLogger("kit-batch-test", "silent");
let bus: Bus;

beforeAll(async () => {
  bus = await connectBus({ url: testNatsUrl(), name: "kit-batch-test", namespace: uniqueName("kitbatch") });
  await bus.ensureStream("kitbatch");
});
afterAll(() => bus.close());

const publishAs =
  (def: typeof Counted | typeof Checked) =>
  (...ns: number[]) =>
    Promise.all(ns.map((n) => bus.publish(newEvent(def, crypto.randomUUID(), { n }))));
const publish = publishAs(Counted);

describe("batch consumer", () => {
  it("hands what is already pulled over at once and acks it after the handler", async () => {
    await publish(...Array.from({ length: 30 }, (_, n) => n));
    const batches: number[][] = [];
    const consumer = await startBatchConsumer({
      bus,
      logger,
      durable: "kitbatch-all",
      event: Counted,
      maxBatch: 16,
      handleBatch: async (events) => {
        batches.push(events.map((event) => event.data.n));
      },
    });
    await waitFor(() => batches.flat().length >= 30, { description: "all 30 events" });
    await consumer.stop();
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeGreaterThan(1);
    expect(batches.every((batch) => batch.length <= 16)).toBe(true);

    // Acked: a restarted consumer on the same durable gets nothing again.
    const again: number[] = [];
    const restarted = await startBatchConsumer({
      bus,
      logger,
      durable: "kitbatch-all",
      event: Counted,
      handleBatch: async (events) => {
        again.push(...events.map((event) => event.data.n));
      },
    });
    await publish(999);
    await waitFor(() => again.includes(999), { description: "the marker" });
    await restarted.stop();
    expect(again).toEqual([999]);
  });

  it("handles a failing batch one event at a time: the bad one alone is dropped or retried", async () => {
    await publishAs(Checked)(1, 2, 3, 4, 5);
    const handled: number[] = [];
    let calls = 0;
    let transientLeft = 1;
    const consumer = await startBatchConsumer({
      bus,
      logger,
      durable: "kitbatch-failing",
      event: Checked,
      handleBatch: async (events) => {
        calls += 1;
        const ns = events.map((event) => event.data.n);
        if (ns.includes(3)) throw ValidationError.field("n", "three is refused"); // terminated
        if (ns.includes(4) && transientLeft-- > 0) throw new Error("database hiccup"); // retried
        handled.push(...ns);
      },
    });
    await waitFor(() => [1, 2, 4, 5].every((n) => handled.includes(n)), { description: "the good events" });
    await consumer.stop();
    expect(handled.sort()).toEqual([1, 2, 4, 5]);
    expect(calls).toBeGreaterThan(1);
  });
});
