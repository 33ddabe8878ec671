import type { RunningService } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EchoUpstream, startEchoUpstream } from "./echo-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";

let stack: GatewayStack;
let upstream: EchoUpstream;
let gateway: RunningService;

beforeAll(async () => {
  stack = await startStack();
  upstream = await startEchoUpstream("core");
  // A slow refill, so the bucket cannot refill between the test's requests.
  gateway = await stack.gateway({
    CORE_URL: upstream.url,
    RATE_LIMIT_PER_SECOND: "0.2",
    RATE_LIMIT_BURST: "3",
  });
});
afterAll(async () => {
  await stack?.stop();
  await upstream?.stop();
});

const call = (key: string) => fetch(`${gateway.url}/v1/contacts`, { headers: { "x-whippy-key": key } });

describe("per-organization rate limit", () => {
  it("allows the burst, then answers 429 with Retry-After, per organization", async () => {
    const org = await stack.createOrganization();
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(org.apiKey);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBe("3");
      remaining.push(res.headers.get("x-ratelimit-remaining") ?? "");
    }
    expect(remaining).toEqual(["2", "1", "0"]);

    const limited = await call(org.apiKey);
    expect(limited.status).toBe(429);
    const retryAfter = limited.headers.get("retry-after") ?? "";
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(5);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("x-request-id")).toBeTruthy();
    expect(await limited.json()).toMatchObject({
      status: 429,
      code: "rate_limited",
      error: expect.any(String),
    });

    const other = await stack.createOrganization();
    expect((await call(other.apiKey)).status).toBe(200);
  });

  it("does not spend an organization's tokens on requests without a valid key", async () => {
    const org = await stack.createOrganization();
    for (let i = 0; i < 5; i++) expect((await call("wk_unknown")).status).toBe(401);
    expect((await call(org.apiKey)).status).toBe(200);
  });
});
