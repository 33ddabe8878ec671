import { call, type Organization, type Stack, startStack } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Every public route of the API, with `{id}` filled from the owning organization's resources. */
type Ids = Record<"contact" | "channel" | "user" | "team" | "apiKey" | "conversation", string>;
const routes = (ids: Ids): Array<[string, string, unknown?]> => [
  ["GET", "/contacts"],
  ["POST", "/contacts", { phone: "+14155550999" }],
  ["POST", "/contacts/search", { name: "a" }],
  ["PUT", "/contacts/upsert", { contacts: [{ phone: "+14155550998" }] }],
  ["GET", `/contacts/${ids.contact}`],
  ["PUT", `/contacts/${ids.contact}`, { name: "x" }],
  ["GET", `/contacts/${ids.contact}/communication_preferences`],
  ["POST", `/contacts/${ids.contact}/communication_preferences/opt_out`, { channel_id: ids.channel }],
  ["POST", `/contacts/${ids.contact}/communication_preferences/opt_in`, { channel_id: ids.channel }],
  ["GET", `/contacts/${ids.contact}/communication_preferences/history`],
  ["GET", `/contacts/${ids.contact}/campaigns`],
  ["GET", `/contacts/${ids.contact}/sequences`],
  ["GET", `/contacts/${ids.contact}/events`],
  ["GET", "/conversations"],
  ["POST", "/conversations/search", { query: "a" }],
  ["GET", `/conversations/${ids.conversation}`],
  ["PUT", `/conversations/${ids.conversation}`, { status: "closed" }],
  ["GET", `/conversations/${ids.conversation}/messages`],
  ["POST", "/messaging/sms", { from: "+14155550102", to: "+14155550103", body: "hi" }],
  ["POST", "/messaging/email", { from: "x@example.com", to: "y@example.com", body: "hi" }],
  ["POST", "/messaging/whatsapp", { from: "+14155550102", to: "+14155550103", body: "hi" }],
  [
    "POST",
    "/messaging/bulk",
    {
      messages: [{ key: "sweep-1", type: "sms", from: "+14155550102", contact_id: ids.contact, body: "hi" }],
    },
  ],
  ["DELETE", `/contacts/${ids.contact}`],
  ["GET", "/channels"],
  ["POST", "/channels", { type: "email", name: "x", address: "x@example.com" }],
  ["GET", `/channels/${ids.channel}`],
  ["PUT", `/channels/${ids.channel}`, { name: "x" }],
  ["DELETE", `/channels/${ids.channel}`],
  ["GET", `/channels/${ids.channel}/users`],
  ["PUT", `/channels/${ids.channel}/users`, { user_ids: [] }],
  ["GET", "/users"],
  ["POST", "/users", { name: "x", email: "x@example.com" }],
  ["GET", `/users/${ids.user}`],
  ["PUT", `/users/${ids.user}`, { name: "x" }],
  ["DELETE", `/users/${ids.user}`],
  ["GET", "/teams"],
  ["POST", "/teams", { name: "x" }],
  ["GET", `/teams/${ids.team}`],
  ["PUT", `/teams/${ids.team}`, { name: "x" }],
  ["DELETE", `/teams/${ids.team}`],
  ["GET", "/organization"],
  ["GET", "/api_keys"],
  ["POST", "/api_keys", { name: "x" }],
  ["PUT", `/api_keys/${ids.apiKey}`, { name: "x" }],
  ["DELETE", `/api_keys/${ids.apiKey}`],
];
const byId = (ids: Ids) =>
  routes(ids).filter(([, path]) => Object.values(ids).some((id) => path.includes(id)));

let stack: Stack;
let owner: Organization;
let other: Organization;
let ids: Ids;

async function idOf(res: Promise<{ status: number; body: unknown }>): Promise<string> {
  const { status, body } = await res;
  if (status !== 201) throw new Error(`setup failed: ${status} ${JSON.stringify(body)}`);
  return String((body as { data: { id: string | number } }).data.id);
}

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.createOrganization("Owner");
  other = await stack.createOrganization("Other");
  ids = {
    contact: await idOf(owner.api("POST", "/contacts", { phone: "+14155550101", name: "Owned" })),
    channel: await idOf(
      owner.api("POST", "/channels", { type: "phone", name: "Line", phone: "+14155550102" }),
    ),
    user: await idOf(owner.api("POST", "/users", { name: "Agent", email: "agent@example.com" })),
    team: await idOf(owner.api("POST", "/teams", { name: "Night shift" })),
    apiKey: await idOf(owner.api("POST", "/api_keys", { name: "second" })),
    conversation: "",
  };
  const sent = await owner.api<{ data: { conversation_id: string } }>("POST", "/messaging/sms", {
    from: "+14155550102",
    to: "+14155550101",
    body: "hello",
  });
  if (sent.status !== 201) throw new Error(`setup send failed: ${sent.status} ${JSON.stringify(sent.body)}`);
  ids.conversation = sent.body.data.conversation_id;
});
afterAll(() => stack.stop());

describe("every public route", () => {
  it("refuses a request without a key (401, contract error body)", async () => {
    for (const [method, path, body] of routes(ids)) {
      const res = await call<{ error: string; status: number }>(
        stack.gatewayUrl,
        undefined,
        method,
        path,
        body,
      );
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toMatchObject({ status: 401, error: expect.any(String) });
      // Whippy's clients read `errors[0].description`.
      expect(res.body).toMatchObject({ errors: [{ description: expect.stringContaining("API key") }] });
    }
  });

  it("answers the key's own organization (Whippy's clients check a key with it)", async () => {
    const mine = await owner.api<{ data: { id: string; name: string } }>("GET", "/organization");
    expect(mine.status).toBe(200);
    expect(mine.body.data).toMatchObject({ id: owner.id, name: "Owner" });
    const theirs = await other.api<{ data: { id: string } }>("GET", "/organization");
    expect(theirs.body.data.id).toBe(other.id);
  });

  it("answers a bad request with errors[].description naming each field", async () => {
    const bad = await owner.api<{ errors: Array<{ description: string }> }>("POST", "/contacts", {
      name: 5,
      email: "nope",
    });
    expect(bad.status).toBe(422);
    const named = bad.body.errors.map((e) => e.description.split(":")[0]).sort();
    expect(named).toEqual(["email", "name"]);
  });

  it("refuses a wrong key (401)", async () => {
    for (const [method, path, body] of routes(ids)) {
      const res = await call(stack.gatewayUrl, "wk_not-a-real-key", method, path, body);
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it("answers 404 for another organization's ids and leaves them untouched", async () => {
    for (const [method, path, body] of byId(ids)) {
      const res = await other.api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await owner.api("GET", `/contacts/${ids.contact}`)).status).toBe(200);
    expect((await owner.api("GET", `/channels/${ids.channel}`)).status).toBe(200);
    expect((await owner.api("GET", `/users/${ids.user}`)).status).toBe(200);
    expect((await owner.api("GET", `/teams/${ids.team}`)).status).toBe(200);
    expect((await owner.api("GET", `/conversations/${ids.conversation}`)).status).toBe(200);
    const keys = await owner.api<{ data: Array<{ id: string }> }>("GET", "/api_keys");
    expect(keys.body.data.map((k) => k.id)).toContain(ids.apiKey);
  });

  it("refuses another organization's channel and contact id in bulk rows, sending nothing", async () => {
    type Bulk = {
      data: { refused: number; results: Array<{ status: string; error?: { details?: unknown } }> };
    };
    // A third organization with a line of its own, so its rows reach the contact check.
    const third = await stack.createOrganization("Third");
    const line = await third.api("POST", "/channels", {
      type: "phone",
      name: "Theirs",
      phone: "+14155550105",
    });
    expect(line.status).toBe(201);
    const res = await third.api<Bulk>("POST", "/messaging/bulk", {
      messages: [
        { key: "theirs-1", type: "sms", from: "+14155550102", to: "+14155550104", body: "hi" },
        { key: "theirs-2", type: "sms", from: "+14155550105", contact_id: ids.contact, body: "hi" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.refused).toBe(2);
    expect(res.body.data.results.map((r) => r.error?.details)).toEqual([
      [expect.objectContaining({ field: "messages.0.from" })],
      [expect.objectContaining({ field: "messages.1.contact_id" })],
    ]);
    const messages = await owner.api<{ data: unknown[] }>(
      "GET",
      `/conversations/${ids.conversation}/messages`,
    );
    expect(messages.body.data).toHaveLength(1);
  });

  it("lists never show another organization's rows", async () => {
    for (const path of ["/contacts", "/channels", "/users", "/teams", "/conversations"]) {
      const res = await other.api<{ data: unknown[] }>("GET", path);
      expect(res.status).toBe(200);
      expect(res.body.data, path).toEqual([]);
    }
  });

  it("refuses a disabled key within a second, on every route", async () => {
    const issued = await other.api<{ data: { id: string; key: string } }>("POST", "/api_keys", {
      name: "temp",
    });
    const key = issued.body.data.key;
    expect((await call(stack.gatewayUrl, key, "GET", "/contacts")).status).toBe(200);
    expect((await other.api("PUT", `/api_keys/${issued.body.data.id}`, { enabled: false })).status).toBe(200);
    await waitFor(async () => (await call(stack.gatewayUrl, key, "GET", "/contacts")).status === 401, {
      // The gateway caches a key for at most AUTH_CACHE_TTL_MS (≤ 1 s); the margin is for slow machines.
      timeoutMs: 3_000,
      description: "the disabled key to be refused",
    });
    for (const [method, path, body] of routes(ids)) {
      expect((await call(stack.gatewayUrl, key, method, path, body)).status, `${method} ${path}`).toBe(401);
    }
  });
});
