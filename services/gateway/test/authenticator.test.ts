import { UnauthorizedError, UnavailableError } from "@relay/domain";
import { describe, expect, it } from "vitest";
import { type ApiKeyIdentity, createAuthenticator } from "../src/auth/authenticator.js";
import { TtlCache } from "../src/auth/ttl-cache.js";

const identity: ApiKeyIdentity = {
  organization_id: "0e9f3a8c-2f6e-4b8a-9d61-6d0f7a1c2b3d",
  api_key_id: "5b1c7e2a-9f4d-4c3b-8a6e-1d2f3a4b5c6d",
};

function setup(ttlMs: number, answer: (key: string) => Promise<ApiKeyIdentity>) {
  let now = 0;
  const calls: string[] = [];
  const authenticate = createAuthenticator({
    ttlMs,
    now: () => now,
    lookup: (key) => {
      calls.push(key);
      return answer(key);
    },
  });
  return { authenticate, calls, advance: (ms: number) => (now += ms) };
}

describe("createAuthenticator", () => {
  it("caches a found key for the TTL, then asks again", async () => {
    const { authenticate, calls, advance } = setup(1_000, async () => identity);
    expect(await authenticate("k")).toEqual(identity);
    advance(999);
    await authenticate("k");
    expect(calls).toHaveLength(1);
    advance(1);
    await authenticate("k");
    expect(calls).toHaveLength(2);
  });

  it("caches a refusal for no longer than the TTL", async () => {
    let known = false;
    const { authenticate, calls, advance } = setup(1_000, async () => {
      if (!known) throw new UnauthorizedError("invalid or disabled API key");
      return identity;
    });
    await expect(authenticate("k")).rejects.toBeInstanceOf(UnauthorizedError);
    known = true;
    await expect(authenticate("k")).rejects.toBeInstanceOf(UnauthorizedError);
    expect(calls).toHaveLength(1);
    advance(1_000);
    expect(await authenticate("k")).toEqual(identity);
  });

  it("never caches an outage", async () => {
    let down = true;
    const { authenticate, calls } = setup(1_000, async () => {
      if (down) throw new UnavailableError("core is unavailable");
      return identity;
    });
    await expect(authenticate("k")).rejects.toBeInstanceOf(UnavailableError);
    down = false;
    expect(await authenticate("k")).toEqual(identity);
    expect(calls).toHaveLength(2);
  });

  it("shares one lookup between concurrent requests for a key", async () => {
    const { authenticate, calls } = setup(1_000, async () => identity);
    await Promise.all([authenticate("k"), authenticate("k"), authenticate("k")]);
    expect(calls).toHaveLength(1);
  });

  it("asks every time when the TTL is 0", async () => {
    const { authenticate, calls } = setup(0, async () => identity);
    await authenticate("k");
    await authenticate("k");
    expect(calls).toHaveLength(2);
  });
});

describe("TtlCache", () => {
  it("drops the least recently used entry beyond its bound", () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 2, now: () => 0 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
  });
});
