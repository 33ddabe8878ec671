import { describe, expect, it } from "vitest";
import { TtlCache } from "../src/ttl-cache.js";

describe("TtlCache", () => {
  it("shares one load per key, forgets failures and values it may not keep", async () => {
    const cache = new TtlCache<number[]>(60_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return [loads];
    };
    await Promise.all([cache.get("a", load), cache.get("a", load)]);
    expect(loads).toBe(1);
    await expect(cache.get("b", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("b", load)).toEqual([2]);
    await cache.get(
      "c",
      async () => [],
      (value) => value.length > 0,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get("c", load)).toEqual([3]);
  });
});
