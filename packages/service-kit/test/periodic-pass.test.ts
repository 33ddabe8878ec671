import { waitFor } from "@relay/testing";
import { describe, expect, it } from "vitest";
import { createLogger, Metrics, PeriodicPass } from "../src/index.js";

const logger = createLogger("kit-pass-test", "silent");

describe("PeriodicPass", () => {
  it("runs again at once after a full batch, and counts how late each item was taken", async () => {
    const metrics = new Metrics("kit-pass-test", { defaultMetrics: false });
    let backlog = 5;
    const passes: number[] = [];
    const taken = new Date("2026-12-03T10:00:10Z");
    const pass = new PeriodicPass({
      name: "test items done",
      logger,
      intervalMs: 60_000,
      batchSize: 2,
      lag: { metrics, label: "test_items" },
      pass: async (limit, observeLag) => {
        const done = Math.min(limit, backlog);
        backlog -= done;
        passes.push(done);
        for (let i = 0; i < done; i += 1) observeLag(new Date("2026-12-03T10:00:07Z"), taken);
        return done;
      },
    }).start();
    // 2, 2, then 1 (not full): the third waits the interval, so the backlog empties without it.
    await waitFor(() => passes.length === 3, { description: "three passes" });
    await pass.stop();
    expect(passes).toEqual([2, 2, 1]);
    const text = await metrics.registry.getSingleMetricAsString("scheduler_lag_seconds");
    expect(text).toMatch(/scheduler_lag_seconds_count\{[^}]*pass="test_items"[^}]*\} 5/);
    expect(text).toMatch(/scheduler_lag_seconds_sum\{[^}]*pass="test_items"[^}]*\} 15/);
    expect(text).toMatch(/scheduler_lag_seconds_bucket\{le="2\.5",[^}]*pass="test_items"[^}]*\} 0/);
  });
});
