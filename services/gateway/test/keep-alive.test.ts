import { Agent } from "node:http";
import type { RunningService } from "@relay/service-kit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GatewayStack, startStack } from "./harness.js";
import { send } from "./http-client.js";
import type { TestOrganization } from "./organizations.js";

/** Refusals of big bodies, through the gateway to a real core, on one client connection. */
let stack: GatewayStack;
let gateway: RunningService;
let a: TestOrganization;
let b: TestOrganization;
let agent: Agent;
const MB = Buffer.alloc(1_000_000, "x");

beforeAll(async () => {
  stack = await startStack();
  gateway = await stack.gateway({ RATE_LIMIT_BURST: "1000" });
  a = await stack.createOrganization();
  b = await stack.createOrganization();
  const created = await send(`${gateway.url}/v1/contacts`, {
    method: "POST",
    headers: { "x-whippy-key": b.apiKey, "content-type": "application/json" },
    body: Buffer.from(JSON.stringify({ phone: "+14155550142", name: "B's contact" })),
  });
  expect(created.status).toBe(201);
});
afterAll(() => stack?.stop());
afterEach(() => agent?.destroy());

/**
 * B's own contacts, on the same connection as the refusal before it. A POST without
 * Idempotency-Key, so the gateway may not resend it: a broken upstream connection would be a 503.
 */
async function expectBsContactsOnTheSameSocket(refused: { socket: unknown }) {
  const next = await send(`${gateway.url}/v1/contacts/search`, {
    agent,
    method: "POST",
    headers: { "x-whippy-key": b.apiKey, "content-type": "application/json" },
    body: Buffer.from(JSON.stringify({ name: "B's" })),
  });
  expect(next.reused).toBe(true);
  expect(next.socket).toBe(refused.socket);
  expect(next.status, next.text).toBe(200);
  expect(JSON.parse(next.text)).toMatchObject({ data: [{ name: "B's contact" }] });
}

describe("a refused 1 MB request, then another organization's on the same connection", () => {
  it.each([
    ["a wrong key (401)", "/v1/contacts", "wk_not-a-real-key", 401],
    ["an unknown route (404)", "/v1/nowhere", "a", 404],
    [
      "a route core does not have: core's 404 before reading the body",
      `/v1/contacts/${crypto.randomUUID()}/nope`,
      "a",
      404,
    ],
  ])("%s", async (_, path, key, status) => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(`${gateway.url}${path}`, {
      agent,
      method: "POST",
      headers: { "x-whippy-key": key === "a" ? a.apiKey : key, "content-type": "application/json" },
      body: MB,
    });
    expect(refused.status).toBe(status);
    await expectBsContactsOnTheSameSocket(refused);
  });

  it("a 1 MB body core refuses after reading it (422)", async () => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await send(`${gateway.url}/v1/contacts`, {
      agent,
      method: "POST",
      headers: { "x-whippy-key": a.apiKey, "content-type": "application/json" },
      body: MB,
    });
    expect(refused.status).toBe(422);
    await expectBsContactsOnTheSameSocket(refused);
  });
});

describe("Expect: 100-continue", () => {
  it("gets the service's answer for a 2 MiB body, never a 503", async () => {
    const body = Buffer.from(JSON.stringify({ phone: "+14155550143", name: "y".repeat(2 * 1024 * 1024) }));
    const answer = await send(`${gateway.url}/v1/contacts`, {
      method: "POST",
      headers: { "x-whippy-key": a.apiKey, "content-type": "application/json" },
      body,
      expectContinue: true,
    });
    expect(answer.status, answer.text).toBe(422);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 422, code: "validation_failed" });
  });
});
