import type { RunningService } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DroppingUpstream, startDroppingUpstream } from "./dropping-upstream.js";
import { deadUrl } from "./echo-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";
import type { TestOrganization } from "./organizations.js";

let stack: GatewayStack;
let upstream: DroppingUpstream;
let gateway: RunningService;
let org: TestOrganization;

beforeAll(async () => {
  stack = await startStack();
  upstream = await startDroppingUpstream();
  gateway = await stack.gateway({ CONVERSATIONS_URL: upstream.url, RATE_LIMIT_BURST: "1000" });
  org = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
  await upstream?.stop();
});

const call = (method: string, headers: Record<string, string> = {}, base = gateway.url) =>
  fetch(`${base}/v1/conversations`, {
    method,
    headers: { "x-whippy-key": org.apiKey, "content-type": "application/json", ...headers },
    body: method === "GET" ? undefined : JSON.stringify({ status: "closed" }),
  });

describe.each(["close", "reset"] as const)(
  "an upstream connection that goes away (%s) before answering",
  (how) => {
    it.each(["GET", "PUT", "DELETE"])("is resent once for %s", async (method) => {
      const before = upstream.count();
      upstream.dropNext(how);
      const res = await call(method);
      expect(res.status).toBe(200);
      expect(upstream.count()).toBe(before + 2);
    });

    it("is resent once for a POST with Idempotency-Key", async () => {
      const before = upstream.count();
      upstream.dropNext(how);
      const res = await call("POST", { "idempotency-key": crypto.randomUUID() });
      expect(res.status).toBe(200);
      expect(upstream.count()).toBe(before + 2);
    });

    it("is a 503 for a POST without one: the first may have had its effect", async () => {
      const before = upstream.count();
      upstream.dropNext(how);
      const res = await call("POST");
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: "conversations is unavailable", code: "unavailable" });
      expect(upstream.count()).toBe(before + 1);
    });
  },
);

describe("an upstream that is not there", () => {
  it("is a 503 naming the service, for a request that may be resent too", async () => {
    const down = await stack.gateway({ CONVERSATIONS_URL: await deadUrl() });
    for (const [method, headers] of [
      ["GET", {}],
      ["POST", { "idempotency-key": crypto.randomUUID() }],
    ] as const) {
      const res = await call(method, headers, down.url);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: "conversations is unavailable", status: 503 });
    }
  });
});
