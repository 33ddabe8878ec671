import { describe, expect, it } from "vitest";
import { RateLimiter } from "../src/rate-limit/token-bucket.js";

function limiter(ratePerSecond: number, burst: number, maxBuckets?: number) {
  let now = 1_000_000;
  const rl = new RateLimiter({ ratePerSecond, burst, maxBuckets, now: () => now });
  return { rl, advance: (ms: number) => (now += ms) };
}

describe("RateLimiter", () => {
  it("allows a full burst, then refuses with the seconds until the next token", () => {
    const { rl } = limiter(2, 3);
    expect([1, 2, 3].map(() => rl.take("a").remaining)).toEqual([2, 1, 0]);
    expect(rl.take("a")).toEqual({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1 });
  });

  it("refills at the sustained rate, never above the burst", () => {
    const { rl, advance } = limiter(2, 3);
    for (let i = 0; i < 3; i++) rl.take("a");
    advance(500); // one token back
    expect(rl.take("a").allowed).toBe(true);
    expect(rl.take("a").allowed).toBe(false);
    advance(60_000);
    expect(rl.take("a").remaining).toBe(2);
  });

  it("rounds Retry-After up to whole seconds for slow rates", () => {
    const { rl, advance } = limiter(0.25, 1);
    rl.take("a");
    expect(rl.take("a").retryAfterSeconds).toBe(4);
    advance(3_100);
    expect(rl.take("a").retryAfterSeconds).toBe(1);
  });

  it("keeps one bucket per key", () => {
    const { rl } = limiter(1, 1);
    expect(rl.take("a").allowed).toBe(true);
    expect(rl.take("a").allowed).toBe(false);
    expect(rl.take("b").allowed).toBe(true);
  });

  it("forgets the least recently used bucket when full (a forgotten bucket starts full)", () => {
    const { rl } = limiter(1, 1, 2);
    rl.take("a");
    rl.take("b");
    rl.take("a");
    rl.take("c"); // evicts b, the least recently used
    expect(rl.take("a").allowed).toBe(false);
    expect(rl.take("b").allowed).toBe(true);
  });
});
