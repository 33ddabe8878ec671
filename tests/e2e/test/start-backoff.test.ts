import { describe, expect, it } from "vitest";
import { nextRestart, type RestartPolicy, seconds } from "../../../scripts/stack/backoff.js";

const policy: RestartPolicy = { initialMs: 500, maxMs: 15_000, stableMs: 30_000 };

describe("restart backoff", () => {
  it("doubles from 0.5s for quick crashes and stays at the 15s cap", () => {
    let quickRestarts = 0;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = nextRestart(policy, quickRestarts, 1_000);
      quickRestarts = next.quickRestarts;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(nextRestart(policy, 5, 0).capped).toBe(true);
    expect(nextRestart(policy, 4, 0).capped).toBe(false);
  });

  it("starts over once the service stayed up long enough", () => {
    expect(nextRestart(policy, 7, 30_000)).toEqual({ delayMs: 500, quickRestarts: 1, capped: false });
    expect(nextRestart(policy, 7, 29_999).delayMs).toBe(15_000);
  });

  it("says durations briefly", () => {
    expect([50, 500, 15_000, 12_345].map(seconds)).toEqual(["0.05s", "0.5s", "15s", "12.3s"]);
  });
});
