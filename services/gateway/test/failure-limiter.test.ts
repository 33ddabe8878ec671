import { describe, expect, it } from "vitest";
import { FailureLimiter } from "../src/rate-limit/failure-limiter.js";

function setup(limit: number, maxKeys?: number) {
  let now = 0;
  const limiter = new FailureLimiter({ limit, windowMs: 60_000, maxKeys, now: () => now });
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe("FailureLimiter", () => {
  it("refuses a key at the limit until its window, started by its first failure, ends", () => {
    const { limiter, advance } = setup(2);
    limiter.recordFailure("a");
    advance(10_000);
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(50);
    expect(limiter.retryAfterSeconds("b")).toBe(0);
    advance(49_500);
    expect(limiter.retryAfterSeconds("a")).toBe(1);
    advance(500);
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });

  it("never refuses with a limit of 0", () => {
    const { limiter } = setup(0);
    for (let i = 0; i < 10; i++) limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });

  it("forgets the least recently failing key beyond its bound", () => {
    const { limiter } = setup(1, 2);
    limiter.recordFailure("a");
    limiter.recordFailure("b");
    limiter.recordFailure("c");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    expect(limiter.retryAfterSeconds("b")).toBe(60);
    expect(limiter.retryAfterSeconds("c")).toBe(60);
  });
});
