import { AuthenticateApiKey } from "@relay/domain";
import { type Bus, connectBus, type RunningService } from "@relay/service-kit";
import { testNatsUrl, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EchoUpstream, startEchoUpstream } from "./echo-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";
import { send } from "./http-client.js";
import type { TestOrganization } from "./organizations.js";

let stack: GatewayStack;
let conversations: EchoUpstream;
let gateway: RunningService;
let behindProxy: RunningService;
let org: TestOrganization;
let bus: Bus;
/** Key lookups the gateways asked core for (a second subscriber sees every request). */
let lookups = 0;

beforeAll(async () => {
  stack = await startStack();
  conversations = await startEchoUpstream("conversations");
  const limits = {
    CONVERSATIONS_URL: conversations.url,
    AUTH_FAILURE_LIMIT: "3",
    AUTH_FAILURE_WINDOW_SECONDS: "60",
  };
  gateway = await stack.gateway(limits);
  behindProxy = await stack.gateway({ ...limits, TRUST_PROXY: "true" });
  org = await stack.createOrganization();
  bus = await connectBus({ url: testNatsUrl(), name: "lookup-counter", namespace: stack.namespace });
  bus.nc.subscribe(bus.subject(AuthenticateApiKey.subject), {
    callback: () => {
      lookups += 1;
    },
  });
  await bus.nc.flush();
});
afterAll(async () => {
  await bus?.close();
  await stack?.stop();
  await conversations?.stop();
});

/** A request from `address` (any 127.x works on loopback); a fresh wrong key unless `key` is given. */
const attempt = (
  address: string,
  key = `wk_wrong_${crypto.randomUUID()}`,
  headers = {},
  base = gateway.url,
) =>
  send(`${base}/v1/conversations`, { localAddress: address, headers: { "x-whippy-key": key, ...headers } });

/** Waits until the counted lookups reach `n`, then checks no more came in behind them. */
async function expectLookups(n: number) {
  await waitFor(() => lookups >= n, { description: `${n} key lookups` });
  await bus.nc.flush();
  expect(lookups).toBe(n);
}

describe("failed authentications per client address", () => {
  it("answer 429 with Retry-After past the limit, without asking core, while other addresses go on", async () => {
    const before = lookups;
    for (let i = 0; i < 3; i++) expect((await attempt("127.0.0.3")).status).toBe(401);
    await expectLookups(before + 3);

    const limited = await attempt("127.0.0.3");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(JSON.parse(limited.text)).toEqual({
      error: expect.any(String),
      status: 429,
      code: "rate_limited",
      errors: [{ description: "rate limit exceeded, retry later" }],
      request_id: limited.headers["x-request-id"],
    });
    // A valid key from the limited address is not looked up either.
    expect((await attempt("127.0.0.3", org.apiKey)).status).toBe(429);

    // A failure from another address is the next lookup core sees: the 429s asked nothing.
    expect((await attempt("127.0.0.4")).status).toBe(401);
    await expectLookups(before + 4);
    const ok = await attempt("127.0.0.5", org.apiKey);
    expect(ok.status).toBe(200);
  });

  it("ignore X-Forwarded-For unless TRUST_PROXY says a proxy sets it", async () => {
    for (let i = 0; i < 3; i++) await attempt("127.0.0.6");
    const spoofed = await attempt("127.0.0.6", org.apiKey, { "x-forwarded-for": "198.51.100.1" });
    expect(spoofed.status).toBe(429);
  });

  it("behind a trusted proxy, count the address the proxy added last", async () => {
    const via = (client: string, key?: string) =>
      attempt("127.0.0.7", key, { "x-forwarded-for": `10.0.0.1, ${client}` }, behindProxy.url);
    for (let i = 0; i < 3; i++) expect((await via("203.0.113.7")).status).toBe(401);
    expect((await via("203.0.113.7", org.apiKey)).status).toBe(429);
    expect((await via("203.0.113.8", org.apiKey)).status).toBe(200);
  });
});
