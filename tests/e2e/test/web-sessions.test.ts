import { type Organization, type Stack, startStack } from "@relay/local-stack";
import { TEST_ADMIN_TOKEN, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLogin,
  createPhoneChannel,
  inboundSms,
  readEvents,
  SessionClient,
  setPassword,
} from "./web-helpers.js";

interface Conversation {
  id: string;
  channel_id: string;
  contact_id: string;
  status: string;
}

const LINE_A = "+14155550131";
const LINE_B = "+14155550132";
const OTHER_LINE = "+14155550133";
const PASSWORD = "correct horse battery";

let stack: Stack;
let org: Organization;
let other: Organization;
let adminId: number;
let channelA: string;
let channelB: string;
/** Moved forward by tests that need a session to expire. */
let clockOffsetMs = 0;

const client = () => new SessionClient(stack.gatewayUrl);
async function adminSession() {
  const session = client();
  const res = await session.login("admin@acme.test", PASSWORD);
  expect(res.status).toBe(201);
  return session;
}

/** The conversation an inbound text opens, as the organization sees it. */
async function conversationFrom(from: string, line: string, body: string, owner = org) {
  await inboundSms(stack, from, line, body);
  return waitFor(async () => {
    const list = await owner.api<{ data: Conversation[] }>("GET", "/conversations?limit=100");
    const contacts = await owner.api<{ data: Array<{ id: string }> }>("POST", "/contacts/search", {
      phone: from,
    });
    const contact = contacts.body.data?.[0];
    return contact && list.body.data.find((c) => c.contact_id === contact.id);
  });
}

beforeAll(async () => {
  stack = await startStack({
    webNow: () => new Date(Date.now() + clockOffsetMs),
    env: { web: { LOGIN_MAX_FAILURES: "3", LIVE_HEARTBEAT_MS: "500" } },
  });
  org = await stack.createOrganization("Acme Staffing");
  other = await stack.createOrganization("Other Org");
  channelA = await createPhoneChannel(org, LINE_A, "Line A");
  channelB = await createPhoneChannel(org, LINE_B, "Line B");
  await createPhoneChannel(other, OTHER_LINE, "Other line");
  adminId = await createLogin(
    stack,
    org,
    { name: "Ada Admin", email: "admin@acme.test", role: "admin" },
    PASSWORD,
  );
}, 120_000);
afterAll(() => stack?.stop());

describe("web login, through the gateway", () => {
  it("logs in with the right password only; the cookie is httpOnly, SameSite=Lax, path /", async () => {
    const wrong = await client().login("admin@acme.test", "not the password");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const unknown = await client().login("nobody@acme.test", PASSWORD);
    expect(unknown.status).toBe(401);

    const session = client();
    const res = await session.login("ADMIN@acme.test", PASSWORD);
    expect(res.status).toBe(201);
    const cookie = res.headers.getSetCookie()[0] ?? "";
    expect(cookie).toMatch(/^relay_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // the stack's public URL is http
    expect(res.body).toMatchObject({
      data: { user: { id: adminId, role: "admin" }, organization_id: org.id },
    });

    const me = await session.call("GET", "/app/api/session");
    expect(me.status).toBe(200);
    const channels = await session.call<{ data: Array<{ id: string }> }>("GET", "/v1/channels");
    expect(channels.status).toBe(200);
    expect(channels.body.data.map((c) => c.id).sort()).toEqual([channelA, channelB].sort());
  });

  it("refuses a form-encoded login (422) and bad bodies (422 naming the field)", async () => {
    const form = await fetch(`${stack.gatewayUrl}/app/api/session`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ email: "admin@acme.test", password: PASSWORD }),
    });
    expect(form.status).toBe(422);
    const missing = await client().call("POST", "/app/api/session", { email: "admin@acme.test" });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toMatch(/password/);
  });

  it("rate-limits failed logins per email: 429 with Retry-After, even for the right password", async () => {
    await createLogin(stack, org, { name: "Lim Ited", email: "limited@acme.test", role: "agent" }, PASSWORD);
    for (let i = 0; i < 3; i++)
      expect((await client().login("limited@acme.test", "wrong guess")).status).toBe(401);
    const blocked = await client().login("limited@acme.test", PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another email is not affected.
    expect((await client().login("admin@acme.test", PASSWORD)).status).toBe(201);
  });

  it("needs the session's CSRF token on every state change: /v1 and web's own routes", async () => {
    const session = await adminSession();
    const conversation = await conversationFrom("+14155552001", LINE_A, "Hi there");
    const noToken = await session.call(
      "PUT",
      `/v1/conversations/${conversation.id}`,
      { status: "closed" },
      { csrf: false },
    );
    expect(noToken.status).toBe(403);
    expect(JSON.stringify(noToken.body)).toMatch(/CSRF/);
    const wrongToken = await session.call(
      "PUT",
      `/v1/conversations/${conversation.id}`,
      { status: "closed" },
      { csrf: false, headers: { "x-csrf-token": "not-the-token" } },
    );
    expect(wrongToken.status).toBe(403);
    const closed = await session.call<{ data: Conversation }>("PUT", `/v1/conversations/${conversation.id}`, {
      status: "closed",
    });
    expect(closed.status).toBe(200);
    expect(closed.body.data.status).toBe("closed");
    // Reads need no token.
    expect(
      (await session.call("GET", `/v1/conversations/${conversation.id}`, undefined, { csrf: false })).status,
    ).toBe(200);
    // Web's own state changes too.
    expect((await session.call("DELETE", "/app/api/session", undefined, { csrf: false })).status).toBe(403);
    expect(
      (
        await session.call(
          "POST",
          "/app/api/invitations",
          { name: "X", email: "x@acme.test" },
          { csrf: false },
        )
      ).status,
    ).toBe(403);
  });

  it("a session reaches only its organization: another's conversation is 404", async () => {
    const session = await adminSession();
    const theirs = await conversationFrom("+14155552002", OTHER_LINE, "Hello other", other);
    expect((await session.call("GET", `/v1/conversations/${theirs.id}`)).status).toBe(404);
    expect((await session.call("PUT", `/v1/conversations/${theirs.id}`, { status: "closed" })).status).toBe(
      404,
    );
    expect((await session.call("GET", `/v1/conversations/${theirs.id}/messages`)).status).toBe(404);
  });

  it("logout revokes the session: the cookie no longer works on /v1 or /app/api", async () => {
    const session = await adminSession();
    expect((await session.call("GET", "/v1/conversations")).status).toBe(200);
    const out = await session.call("DELETE", "/app/api/session");
    expect(out.status).toBe(204);
    await waitFor(async () => (await session.call("GET", "/v1/conversations")).status === 401);
    expect((await session.call("GET", "/app/api/session")).status).toBe(401);
    // A made-up cookie is as unknown.
    const forged = client();
    forged.cookie = "relay_session=forged-token-value";
    expect((await forged.call("GET", "/v1/conversations")).status).toBe(401);
  });

  it("an expired session is refused (401) once its lifetime has passed", async () => {
    const session = await adminSession();
    expect((await session.call("GET", "/v1/conversations")).status).toBe(200);
    clockOffsetMs = 13 * 3_600_000; // past SESSION_TTL_HOURS (12)
    try {
      await waitFor(async () => (await session.call("GET", "/v1/conversations")).status === 401);
      expect((await session.call("GET", "/app/api/session")).status).toBe(401);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("the operator's reset link: admin token required, one use, old sessions end", async () => {
    const old = await adminSession();
    const noToken = await fetch(`${stack.gatewayUrl}/app/api/admin/password_resets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@acme.test" }),
    });
    expect(noToken.status).toBe(401);
    const res = await fetch(`${stack.gatewayUrl}/app/api/admin/password_resets`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@acme.test" }),
    });
    expect(res.status).toBe(201);
    const { reset_url } = ((await res.json()) as { data: { reset_url: string } }).data;
    expect(reset_url).toMatch(new RegExp(`^${stack.gatewayUrl}/app/reset#token=`));
    const token = new URLSearchParams(new URL(reset_url).hash.slice(1)).get("token");
    const fresh = client();
    const short = await fresh.call("POST", "/app/api/password_resets/complete", { token, password: "short" });
    expect(short.status).toBe(422);
    const done = await fresh.call("POST", "/app/api/password_resets/complete", {
      token,
      password: "a brand new passphrase",
    });
    expect(done.status).toBe(200);
    expect((await fresh.call("GET", "/v1/conversations")).status).toBe(200);
    const again = await client().call("POST", "/app/api/password_resets/complete", {
      token,
      password: "another passphrase",
    });
    expect(again.status).toBe(404);
    await waitFor(async () => (await old.call("GET", "/v1/conversations")).status === 401);
    expect((await client().login("admin@acme.test", PASSWORD)).status).toBe(401);
    expect((await client().login("admin@acme.test", "a brand new passphrase")).status).toBe(201);
    await setPassword(stack, org.id, adminId, PASSWORD);
  });
});

describe("roles: an agent sees and writes only on their channels", () => {
  let agent: SessionClient;
  let agentId: number;

  beforeAll(async () => {
    const admin = await adminSession();
    const invited = await admin.call<{ data: { user: { id: number }; invitation_url: string } }>(
      "POST",
      "/app/api/invitations",
      { name: "Andy Agent", email: "agent@acme.test", role: "agent" },
    );
    expect(invited.status).toBe(201);
    agentId = invited.body.data.user.id;
    const token = new URLSearchParams(new URL(invited.body.data.invitation_url).hash.slice(1)).get("token");
    agent = client();
    const accepted = await agent.call("POST", "/app/api/invitations/accept", {
      token,
      password: "agent passphrase 1",
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ data: { user: { id: agentId, role: "agent" } } });
    const access = await org.api("PUT", `/channels/${channelA}/users`, { user_ids: [agentId] });
    expect(access.status).toBe(200);
    await waitFor(async () => {
      const me = await agent.call<{ data: { channel_ids: string[] } }>("GET", "/app/api/session");
      return me.body.data.channel_ids.includes(channelA);
    });
  });

  it("an invitation link works once; an agent may not invite", async () => {
    const admin = await adminSession();
    const invited = await admin.call<{ data: { invitation_url: string } }>("POST", "/app/api/invitations", {
      name: "Once Only",
      email: "once@acme.test",
    });
    const token = new URLSearchParams(new URL(invited.body.data.invitation_url).hash.slice(1)).get("token");
    expect(
      (await client().call("POST", "/app/api/invitations/accept", { token, password: "first passphrase" }))
        .status,
    ).toBe(200);
    expect(
      (await client().call("POST", "/app/api/invitations/accept", { token, password: "second passphrase" }))
        .status,
    ).toBe(404);
    const taken = await admin.call("POST", "/app/api/invitations", { name: "Dup", email: "once@acme.test" });
    expect(taken.status).toBe(422);
    const byAgent = await agent.call("POST", "/app/api/invitations", { name: "No", email: "no@acme.test" });
    expect(byAgent.status).toBe(403);
  });

  it("lists, reads and sends only on the channels the agent may use", async () => {
    const mine = await conversationFrom("+14155552010", LINE_A, "On line A");
    const notMine = await conversationFrom("+14155552011", LINE_B, "On line B");
    const list = await agent.call<{ data: Conversation[] }>("GET", "/v1/conversations?limit=100");
    expect(list.status).toBe(200);
    const ids = list.body.data.map((c) => c.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(notMine.id);
    expect(list.body.data.every((c) => c.channel_id === channelA)).toBe(true);

    expect((await agent.call("GET", `/v1/conversations/${notMine.id}`)).status).toBe(404);
    expect((await agent.call("GET", `/v1/conversations/${notMine.id}/messages`)).status).toBe(404);
    expect((await agent.call("PUT", `/v1/conversations/${notMine.id}`, { status: "closed" })).status).toBe(
      404,
    );
    const search = await agent.call<{ data: Conversation[] }>("POST", "/v1/conversations/search", {
      query: "line",
    });
    expect(search.body.data.map((c) => c.id)).toEqual([mine.id]);
    expect((await agent.call("GET", `/v1/channels/${channelB}`)).status).toBe(404);
    const channels = await agent.call<{ data: Array<{ id: string }> }>("GET", "/v1/channels");
    expect(channels.body.data.map((c) => c.id)).toEqual([channelA]);

    const refused = await agent.call("POST", "/v1/messaging/sms", {
      from: LINE_B,
      to: "+14155552011",
      body: "hi",
    });
    expect(refused.status).toBe(403);
    const sent = await agent.call<{ data: { conversation_id: string } }>("POST", "/v1/messaging/sms", {
      from: LINE_A,
      to: "+14155552010",
      body: "Thanks, on it",
    });
    expect(sent.status).toBe(201);
    expect(sent.body.data.conversation_id).toBe(mine.id);
    await stack.twilio.waitForMessage((m) => m.to === "+14155552010" && m.body === "Thanks, on it");
    // Nothing went out from line B.
    expect(stack.twilio.messages.some((m) => m.to === "+14155552011")).toBe(false);
  });

  it("admin routes answer 403 to an agent; an API key still reaches them", async () => {
    expect((await agent.call("GET", "/v1/api_keys")).status).toBe(403);
    expect((await agent.call("POST", "/v1/users", { name: "Z", email: "z@acme.test" })).status).toBe(403);
    expect((await agent.call("PUT", `/v1/channels/${channelA}/users`, { user_ids: [agentId] })).status).toBe(
      403,
    );
    expect((await agent.call("PUT", `/v1/channels/${channelA}`, { name: "Mine now" })).status).toBe(403);
    expect((await agent.call("GET", "/v1/campaigns")).status).toBe(403);
    expect((await agent.call("GET", "/v1/users")).status).toBe(200);
    expect((await org.api("GET", "/api_keys")).status).toBe(200);
  });

  it("a header a client forges cannot widen or set a scope", async () => {
    const notMine = await conversationFrom("+14155552012", LINE_B, "Forged scope");
    const forged = await agent.call("GET", `/v1/conversations/${notMine.id}`, undefined, {
      headers: { "x-relay-channel-ids": channelB, "x-organization-id": other.id },
    });
    expect(forged.status).toBe(404);
  });

  it("the live stream carries only the agent's channels, and resumes with Last-Event-ID", async () => {
    const seen = await readEvents(
      `${stack.gatewayUrl}/app/api/events`,
      agent.cookie,
      (events) => events.some((e) => e.event === "message.created" && e.data?.includes(channelA)),
      {
        onOpen: async () => {
          await conversationFrom("+14155552020", LINE_B, "B first");
          await inboundSms(stack, "+14155552021", LINE_A, "A second");
        },
      },
    );
    expect(seen.status).toBe(200);
    const created = seen.events.filter((e) => e.event === "message.created");
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((e) => e.data?.includes(channelA) && !e.data?.includes(channelB))).toBe(true);
    const last = seen.events.filter((e) => e.id).at(-1)?.id;
    expect(last).toMatch(/^\d+$/);

    // Missed while away: an inbound text on line A (and one on B), replayed on reconnect before "ready".
    await inboundSms(stack, "+14155552023", LINE_B, "B while away");
    const away = await conversationFrom("+14155552022", LINE_A, "While you were away");
    const replayed = await waitFor(async () => {
      const resumed = await readEvents(
        `${stack.gatewayUrl}/app/api/events`,
        agent.cookie,
        (events) => events.some((e) => e.event === "ready"),
        { lastEventId: last ?? "0", timeoutMs: 5_000 },
      );
      const before = resumed.events.slice(
        0,
        resumed.events.findIndex((e) => e.event === "ready"),
      );
      return before.some((e) => e.data?.includes(away.id)) ? before : undefined;
    });
    expect(replayed.every((e) => Number(e.id) > Number(last))).toBe(true);
    expect(replayed.every((e) => e.data?.includes(channelA) && !e.data?.includes(channelB))).toBe(true);
  });

  it("without a session the stream is 401; a revoked session's stream ends", async () => {
    const anonymous = await readEvents(`${stack.gatewayUrl}/app/api/events`, "", () => true, {
      timeoutMs: 5_000,
    });
    expect(anonymous.status).toBe(401);
    const session = await adminSession();
    const ended = await readEvents(
      `${stack.gatewayUrl}/app/api/events`,
      session.cookie,
      (events) => events.some((e) => e.event === "session.ended"),
      { onOpen: async () => void (await session.call("DELETE", "/app/api/session")), timeoutMs: 10_000 },
    );
    expect(ended.events.map((e) => e.event)).toContain("session.ended");
  });
});
