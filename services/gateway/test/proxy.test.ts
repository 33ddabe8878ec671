import type { RunningService } from "@relay/service-kit";
import { TEST_INTERNAL_TOKEN } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadUrl, type Echo, type EchoUpstream, startEchoUpstream } from "./echo-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";
import { send } from "./http-client.js";
import type { TestOrganization } from "./organizations.js";

let stack: GatewayStack;
let core: EchoUpstream;
let conversations: EchoUpstream;
/** Forwards to echo servers standing in for core and conversations. */
let gateway: RunningService;
let org: TestOrganization;

beforeAll(async () => {
  stack = await startStack();
  core = await startEchoUpstream("core");
  conversations = await startEchoUpstream("conversations");
  gateway = await stack.gateway({
    CORE_URL: core.url,
    CONVERSATIONS_URL: conversations.url,
    RATE_LIMIT_BURST: "1000",
    UPSTREAM_TIMEOUT_MS: "500",
  });
  org = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
  await core?.stop();
  await conversations?.stop();
});

const call = (path: string, init: RequestInit = {}, base = gateway.url) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { "x-whippy-key": org.apiKey, ...(init.headers as Record<string, string>) },
  });

async function echoOf(res: Response): Promise<Echo> {
  expect(res.status).toBe(200);
  return (await res.json()) as Echo;
}

describe("routing", () => {
  it.each([
    ["/v1/contacts", "core"],
    ["/v1/contacts/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "core"],
    ["/v1/contacts/search", "core"],
    ["/v1/contacts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/communication_preferences", "conversations"],
    ["/v1/contacts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/communication_preferences/opt_out", "conversations"],
    ["/v1/channels", "core"],
    ["/v1/channels/3f2504e0-4f89-11d3-9a0c-0305e82c3301/users", "core"],
    ["/v1/users", "core"],
    ["/v1/teams", "core"],
    ["/v1/api_keys", "core"],
    ["/v1/messaging/sms", "conversations"],
    ["/v1/conversations/3f2504e0-4f89-11d3-9a0c-0305e82c3301/messages", "conversations"],
  ])("%s goes to %s", async (path, service) => {
    const echo = await echoOf(await call(path));
    expect(echo.upstream).toBe(service);
    expect(echo.url).toBe(path);
  });

  it("answers 404 for a path no service owns", async () => {
    for (const path of ["/v1/nope", "/v1/contactsx", "/v1", "/v1/campaignsx"]) {
      const res = await call(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ status: 404, code: "not_found" });
    }
  });

  it("forwards method, path, query and body", async () => {
    const body = JSON.stringify({ from: "+15551230000", to: "+15559870000", body: "hi ✓" });
    const res = await call("/v1/messaging/sms?dry_run=1&tag=a&tag=b", {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    const echo = await echoOf(res);
    expect(echo).toMatchObject({ upstream: "conversations", method: "POST", body });
    expect(echo.url).toBe("/v1/messaging/sms?dry_run=1&tag=a&tag=b");
    expect(echo.headers["content-type"]).toBe("application/json");
  });

  it("streams a large body through", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    const echo = await echoOf(await call("/v1/contacts/upsert", { method: "PUT", body: big }));
    expect(echo.body.length).toBe(big.length);
  });

  it("answers Expect: 100-continue itself and forwards a 2 MiB body without it", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, "x");
    const res = await send(`${gateway.url}/v1/contacts/upsert`, {
      method: "PUT",
      headers: { "x-whippy-key": org.apiKey },
      body: big,
      expectContinue: true,
    });
    expect(res.status).toBe(200);
    const echo = JSON.parse(res.text) as Echo;
    expect(echo.body.length).toBe(big.length);
    expect(echo.headers.expect).toBeUndefined();
  });

  it.each([
    ["with a Content-Length", false],
    ["chunked", true],
  ])("refuses a body over 5 MiB (%s) with the services' 413, forwarding nothing", async (_, chunked) => {
    const res = await send(`${gateway.url}/v1/contacts/upsert`, {
      method: "PUT",
      headers: { "x-whippy-key": org.apiKey },
      body: Buffer.alloc(5 * 1024 * 1024 + 1, "x"),
      chunked,
    });
    expect(res.status).toBe(413);
    expect(res.headers["x-upstream"]).toBeUndefined();
    expect(JSON.parse(res.text)).toEqual({
      error: "request body too large",
      status: 413,
      code: "payload_too_large",
      errors: [{ description: "request body too large" }],
      request_id: res.headers["x-request-id"],
    });
  });

  it("answers HEAD without a body", async () => {
    const res = await call("/v1/contacts", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-upstream")).toBe("core");
    expect(await res.text()).toBe("");
  });
});

describe("identity headers", () => {
  it("sends the internal token, the key's organization and the request id upstream", async () => {
    const res = await call("/v1/contacts");
    const echo = await echoOf(res);
    expect(echo.headers["x-internal-token"]).toBe(TEST_INTERNAL_TOKEN);
    expect(echo.headers["x-organization-id"]).toBe(org.organizationId);
    expect(echo.headers["x-request-id"]).toBe(res.headers.get("x-request-id"));
    expect(echo.headers["x-whippy-key"]).toBeUndefined();
  });

  it("ignores a client's own x-organization-id and x-internal-token", async () => {
    const other = await stack.createOrganization();
    const echo = await echoOf(
      await call("/v1/contacts", {
        headers: {
          "x-organization-id": other.organizationId,
          "x-internal-token": "spoofed-token-0123456789",
        },
      }),
    );
    expect(echo.headers["x-organization-id"]).toBe(org.organizationId);
    expect(echo.headers["x-internal-token"]).toBe(TEST_INTERNAL_TOKEN);
  });
});

describe("request ids", () => {
  it("echoes a sane X-Request-Id on success and on errors", async () => {
    const ok = await call("/v1/contacts", { headers: { "x-request-id": "client-req.42" } });
    expect(ok.headers.get("x-request-id")).toBe("client-req.42");
    expect((await echoOf(ok)).headers["x-request-id"]).toBe("client-req.42");

    const refused = await fetch(`${gateway.url}/v1/contacts`, {
      headers: { "x-request-id": "client-req.43" },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toBe("client-req.43");
    expect(await refused.json()).toMatchObject({ request_id: "client-req.43" });
  });

  it("makes one when the client sends none or an unusable one", async () => {
    const none = await call("/v1/contacts");
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await call("/v1/contacts", { headers: { "x-request-id": "no spaces <allowed>" } });
    const id = bad.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await echoOf(bad)).headers["x-request-id"]).toBe(id);
  });
});

describe("admin routes", () => {
  it("go to core with the client's Authorization and without spoofable headers, needing no API key", async () => {
    const res = await fetch(`${gateway.url}/admin/organizations?x=1`, {
      method: "POST",
      headers: {
        authorization: "Bearer admin-token-0123456789",
        "content-type": "application/json",
        "x-organization-id": org.organizationId,
        "x-internal-token": "spoofed-token-0123456789",
      },
      body: JSON.stringify({ name: "Acme" }),
    });
    const echo = await echoOf(res);
    expect(echo).toMatchObject({ upstream: "core", method: "POST", url: "/admin/organizations?x=1" });
    expect(echo.headers.authorization).toBe("Bearer admin-token-0123456789");
    expect(echo.headers["x-organization-id"]).toBeUndefined();
    expect(echo.headers["x-internal-token"]).toBe(TEST_INTERNAL_TOKEN);
  });

  it("leave look-alike paths alone", async () => {
    const res = await fetch(`${gateway.url}/adminx/organizations`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-upstream")).toBeNull();
  });
});

describe("unavailable upstreams", () => {
  it("answers 503 naming the service when it cannot be reached", async () => {
    const down = await stack.gateway({ CORE_URL: await deadUrl() });
    const res = await call("/v1/contacts", {}, down.url);
    expect(res.status).toBe(503);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toMatchObject({
      error: "core is unavailable",
      status: 503,
      code: "unavailable",
    });
  });

  it("answers 503 when the upstream does not answer in time", async () => {
    const started = Date.now();
    const res = await call("/v1/conversations/hang");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: "conversations is unavailable", code: "unavailable" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("answers 503 with a clear error when the owning service is not configured", async () => {
    const coreOnly = await stack.gateway({ CORE_URL: core.url });
    const res = await call("/v1/messaging/sms", { method: "POST", body: "{}" }, coreOnly.url);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 503,
      code: "unavailable",
      error: expect.stringContaining("CONVERSATIONS_URL"),
    });
    expect((await echoOf(await call("/v1/contacts", {}, coreOnly.url))).upstream).toBe("core");
  });
});
