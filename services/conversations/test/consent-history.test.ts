import { TEST_INTERNAL_TOKEN } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receive } from "./flows.js";
import { type Stack, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const OTHER_LINE = "+14155550102";
const PAT = "+14155550141";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string; otherId: string };

async function organizationWithLines(): Promise<Org> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE), otherId: await org.createChannel(OTHER_LINE) };
}

/** As the gateway forwards a web session's call: its user, and for an agent the channels they may use. */
async function asSession(
  org: Org,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) {
  const res = await fetch(`${stack.conversations.url}/v1${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      "x-internal-token": TEST_INTERNAL_TOKEN,
      "x-organization-id": org.id,
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: checked by the assertions
  return { status: res.status, body: (await res.json()) as any };
}

/** Pat texts STOP on the first line; a web user opts them back in there; the API opts them out of the other. */
async function patWithHistory(org: Org): Promise<string> {
  await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: " Stop " });
  const id = (await org.core("POST", "/contacts/search", { phone: PAT })).body.data[0].id as string;
  const user = (await org.core("POST", "/users", { name: "Ann", email: `ann-${org.id}@example.com` })).body
    .data;
  const optIn = await asSession(
    org,
    "POST",
    `/contacts/${id}/communication_preferences/opt_in`,
    { "x-relay-user-id": String(user.id) },
    { channel_id: org.channelId },
  );
  expect(optIn.status).toBe(200);
  const optOut = await org.call("POST", `/contacts/${id}/communication_preferences/opt_out`, {
    channel_id: org.otherId,
  });
  expect(optOut.status).toBe(200);
  return id;
}

const history = (org: Org, id: string, query = "") =>
  org.call("GET", `/contacts/${id}/communication_preferences/history${query}`);

describe("GET /contacts/{id}/communication_preferences/history", () => {
  it("lists every change newest first: its channel, state, source, detail and who made it", async () => {
    const org = await organizationWithLines();
    const id = await patWithHistory(org);
    const res = await history(org, id);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const base = { id: expect.any(String), channel_type: "phone", changed_at: expect.any(String) };
    expect(res.body.data).toEqual([
      {
        ...base,
        channel_id: org.otherId,
        opt_in: false,
        source: "api",
        detail: "opt_out",
        changed_by: "api",
      },
      {
        ...base,
        channel_id: org.channelId,
        opt_in: true,
        source: "api",
        detail: "opt_in",
        changed_by: "user",
        user_id: expect.any(Number),
      },
      {
        ...base,
        channel_id: org.channelId,
        opt_in: false,
        source: "keyword",
        detail: "Stop",
        changed_by: "contact",
      },
    ]);
    const times = res.body.data.map((entry: { changed_at: string }) => Date.parse(entry.changed_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("pages with limit and offset, and keeps one channel's changes with channel_id", async () => {
    const org = await organizationWithLines();
    const id = await patWithHistory(org);
    const all = (await history(org, id)).body.data;
    const second = await history(org, id, "?limit=1&offset=1");
    expect(second.body).toEqual({ data: [all[1]], total: 3 });
    const line = await history(org, id, `?channel_id=${org.channelId}`);
    expect(line.body.total).toBe(2);
    expect(line.body.data.map((entry: { source: string }) => entry.source)).toEqual(["api", "keyword"]);

    const bad = await history(org, id, "?limit=0&channel_id=nope");
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      "query.channel_id",
      "query.limit",
    ]);
  });

  it("answers 404 for another organization's contact and for an id that is no contact's", async () => {
    const org = await organizationWithLines();
    const id = await patWithHistory(org);
    const other = await organizationWithLines();
    for (const path of [id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const res = await history(other, path);
      expect(res.status, path).toBe(404);
    }
  });

  it("shows an agent only the changes on their channels", async () => {
    const org = await organizationWithLines();
    const id = await patWithHistory(org);
    const path = `/contacts/${id}/communication_preferences/history`;
    const agent = await asSession(org, "GET", path, {
      "x-relay-user-id": "7",
      "x-relay-channel-ids": org.otherId,
    });
    expect(agent.status).toBe(200);
    expect(agent.body.total).toBe(1);
    expect(agent.body.data).toEqual([expect.objectContaining({ channel_id: org.otherId, opt_in: false })]);
    const none = await asSession(org, "GET", path, { "x-relay-user-id": "7", "x-relay-channel-ids": "" });
    expect(none.body).toEqual({ data: [], total: 0 });
  });
});
