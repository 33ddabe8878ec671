import type { RunningService } from "@relay/service-kit";
import { contractErrors, TEST_ADMIN_TOKEN, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Echo, type EchoUpstream, startEchoUpstream } from "./echo-upstream.js";
import { type GatewayStack, startStack } from "./harness.js";
import type { TestOrganization } from "./organizations.js";

let stack: GatewayStack;
let gateway: RunningService;
let conversations: EchoUpstream;
let org: TestOrganization;

beforeAll(async () => {
  stack = await startStack();
  conversations = await startEchoUpstream("conversations");
  gateway = await stack.gateway({ CONVERSATIONS_URL: conversations.url, RATE_LIMIT_BURST: "1000" });
  org = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
  await conversations?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { headers });

describe("API-key authentication", () => {
  it("refuses a request without a key with the contract's error body", async () => {
    const res = await get("/v1/conversations");
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toEqual({
      error: expect.stringContaining("X-WHIPPY-KEY"),
      status: 401,
      code: "unauthorized",
      errors: [{ description: expect.stringContaining("X-WHIPPY-KEY") }],
      request_id: res.headers.get("x-request-id"),
    });
    expect(contractErrors("GET", "/conversations", 401, body)).toEqual([]);
  });

  it("refuses an unknown key", async () => {
    const res = await get("/v1/conversations", { "x-whippy-key": "wk_not-a-real-key" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("refuses a key too long to be one without asking core", async () => {
    const res = await get("/v1/conversations", { "x-whippy-key": `wk_${"x".repeat(300)}` });
    expect(res.status).toBe(401);
  });

  it("accepts the key in X-WHIPPY-KEY and acts for its organization", async () => {
    const res = await get("/v1/conversations", { "x-whippy-key": org.apiKey });
    expect(res.status).toBe(200);
    const echo = (await res.json()) as Echo;
    expect(echo.headers["x-organization-id"]).toBe(org.organizationId);
  });

  it("accepts the key as Authorization: Bearer, and does not pass it on", async () => {
    const res = await get("/v1/conversations", { authorization: `Bearer ${org.apiKey}` });
    expect(res.status).toBe(200);
    const echo = (await res.json()) as Echo;
    expect(echo.headers["x-organization-id"]).toBe(org.organizationId);
    expect(echo.headers.authorization).toBeUndefined();
  });

  it("refuses another scheme in Authorization", async () => {
    const res = await get("/v1/conversations", { authorization: `Basic ${org.apiKey}` });
    expect(res.status).toBe(401);
  });

  it("refuses a key within about a second of it being disabled", async () => {
    const other = await stack.createOrganization();
    const headers = { "x-whippy-key": other.apiKey };
    expect((await get("/v1/conversations", headers)).status).toBe(200);
    await stack.setApiKeyEnabled(other.apiKeyId, false);
    const disabledAt = Date.now();
    await waitFor(async () => (await get("/v1/conversations", headers)).status === 401, {
      timeoutMs: 1_500,
      intervalMs: 50,
      description: "the disabled key to be refused",
    });
    expect(Date.now() - disabledAt).toBeLessThan(1_500);

    await stack.setApiKeyEnabled(other.apiKeyId, true);
    await waitFor(async () => (await get("/v1/conversations", headers)).status === 200, {
      timeoutMs: 1_500,
      description: "the re-enabled key to work again",
    });
  });
});

describe("through to core", () => {
  it("bootstraps an organization with the admin route, whose key then works on /v1", async () => {
    const refused = await fetch(`${gateway.url}/admin/organizations`, {
      method: "POST",
      headers: { authorization: "Bearer wrong-admin-token-0123", "content-type": "application/json" },
      body: JSON.stringify({ name: "Nope" }),
    });
    expect(refused.status).toBe(401);

    const res = await fetch(`${gateway.url}/admin/organizations`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Bootstrapped" }),
    });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as {
      data: { organization: { id: string }; api_key: { key: string } };
    };
    const echo = (await (
      await get("/v1/conversations", { "x-whippy-key": data.api_key.key })
    ).json()) as Echo;
    expect(echo.headers["x-organization-id"]).toBe(data.organization.id);
  });

  it("reaches core's routes as the key's organization", async () => {
    const res = await get("/v1/contacts", { "x-whippy-key": org.apiKey });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [], total: 0 });
  });

  it("creates data for the key's organization even when the client claims another", async () => {
    const mine = await stack.createOrganization();
    const theirs = await stack.createOrganization();
    const created = await fetch(`${gateway.url}/v1/contacts`, {
      method: "POST",
      headers: {
        "x-whippy-key": mine.apiKey,
        "x-organization-id": theirs.organizationId,
        "x-internal-token": "spoofed-token-0123456789",
        "content-type": "application/json",
      },
      body: JSON.stringify({ phone: "+14155550123", name: "Ann" }),
    });
    expect(created.status).toBe(201);
    const totalOf = async (key: string) =>
      ((await (await get("/v1/contacts", { "x-whippy-key": key })).json()) as { total: number }).total;
    expect(await totalOf(mine.apiKey)).toBe(1);
    expect(await totalOf(theirs.apiKey)).toBe(0);
  });
});
