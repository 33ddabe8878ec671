import { contractErrors, schemaErrors, TEST_INTERNAL_TOKEN, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receive } from "./flows.js";
import { type Stack, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const PAT = "+14155550111";
const SAM = "+14155550122";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string };

async function organizationWithLine(): Promise<Org> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE) };
}

/** Sends a message to `to`; answers the conversation id. */
async function converse(org: Org, to: string, body = "hello"): Promise<string> {
  const sent = await org.call("POST", "/messaging/sms", { from: LINE, to, body });
  expect(sent.status).toBe(201);
  return sent.body.data.conversation_id;
}

const ids = (reply: { body: { data: Array<{ id: string }> } }) => reply.body.data.map((c) => c.id);

describe("GET /conversations", () => {
  it("lists the organization's conversations, latest activity first, filtered by status and type", async () => {
    const org = await organizationWithLine();
    const pat = await converse(org, PAT);
    const sam = await converse(org, SAM);
    await org.call("PUT", `/conversations/${pat}`, { status: "closed" });

    const all = await org.call("GET", "/conversations");
    expect(contractErrors("GET", "/conversations", 200, all.body)).toEqual([]);
    expect(all.body.total).toBe(2);
    expect(ids(all)).toEqual([sam, pat]);

    expect(ids(await org.call("GET", "/conversations?status[]=closed"))).toEqual([pat]);
    expect(ids(await org.call("GET", "/conversations?status=open"))).toEqual([sam]);
    expect(ids(await org.call("GET", "/conversations?status[]=open&status[]=closed"))).toEqual([sam, pat]);
    expect(ids(await org.call("GET", "/conversations?type[]=phone&status[]=open"))).toEqual([sam]);
    expect((await org.call("GET", "/conversations?type[]=email")).body).toEqual({ data: [], total: 0 });
    expect((await org.call("GET", "/conversations?type[]=whatsapp")).body.total).toBe(0);

    const page = await org.call("GET", "/conversations?limit=1&offset=1");
    expect(page.body).toMatchObject({ total: 2 });
    expect(ids(page)).toEqual([pat]);
  });

  it("filters by the assigned team and by the contact", async () => {
    const org = await organizationWithLine();
    const pat = await converse(org, PAT);
    const sam = await converse(org, SAM);
    const team = (await org.core("POST", "/teams", { name: "Days" })).body.data;
    await org.call("PUT", `/conversations/${sam}`, { assigned_team_id: team.id });

    expect(ids(await org.call("GET", `/conversations?assigned_team_id=${team.id}`))).toEqual([sam]);
    expect((await org.call("GET", `/conversations?assigned_team_id=${crypto.randomUUID()}`)).body.total).toBe(
      0,
    );
    const patContact = (await org.call("GET", `/conversations/${pat}`)).body.data.contact_id;
    expect(ids(await org.call("GET", `/conversations?contact_id=${patContact}`))).toEqual([pat]);
    const other = await organizationWithLine();
    expect((await other.call("GET", `/conversations?contact_id=${patContact}`)).body.total).toBe(0);
  });

  it("answers 422 naming the parameter for bad filters and paging", async () => {
    const org = await organizationWithLine();
    for (const [query, field] of [
      ["status[]=archived", "query.status"],
      ["type[]=pigeon", "query.type"],
      ["limit=0", "query.limit"],
      ["limit=501", "query.limit"],
      ["offset=-1", "query.offset"],
      ["assigned_team_id=nights", "query.assigned_team_id"],
      ["contact_id=42", "query.contact_id"],
    ]) {
      const res = await org.call("GET", `/conversations?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.details.map((d: { field: string }) => d.field).join(), query).toContain(field);
    }
    // A repeatable filter's bad value is named with its place and says why (not a bare "Invalid input").
    const bad = await org.call("GET", "/conversations?status[]=open&status[]=archived");
    expect(bad.body.details).toEqual([
      { field: "query.status.1", message: expect.stringContaining('expected one of "open"') },
    ]);
  });
});

describe("POST /conversations/search", () => {
  it("matches the contact's name, phone or email, or a message's text", async () => {
    const org = await organizationWithLine();
    await org.core("POST", "/contacts", { phone: PAT, name: "Patricia Jones", email: "pat@example.com" });
    const pat = await converse(org, PAT, "Your shift starts at 9");
    await org.core("POST", "/contacts", { phone: SAM, name: "Sam Smith" });
    const sam = await converse(org, SAM, "hello");
    await receive(stack, org.id, {
      channel_id: org.channelId,
      from: SAM,
      to: LINE,
      body: "Can I bring my Forklift licence?",
    });

    const search = (query: string) => org.call("POST", "/conversations/search", { query });
    const found = await search("patricia");
    expect(contractErrors("POST", "/conversations/search", 200, found.body)).toEqual([]);
    expect(ids(found)).toEqual([pat]);
    expect(ids(await search("PAT@EXAMPLE"))).toEqual([pat]);
    expect(ids(await search("555-0122"))).toEqual([sam]);
    expect(ids(await search("+14155550111"))).toEqual([pat]);
    expect(ids(await search("forklift"))).toEqual([sam]);
    expect(ids(await search("SHIFT STARTS"))).toEqual([pat]);
    expect((await search("smith")).body.total).toBe(1);
    expect((await search("%")).body).toEqual({ data: [], total: 0 });
    expect((await search("nobody")).body).toEqual({ data: [], total: 0 });
    const paged = await org.call("POST", "/conversations/search", { query: "415", limit: 1, offset: 0 });
    expect(paged.body.total).toBe(2);
    expect(paged.body.data).toHaveLength(1);
  });

  it("follows the contact's changes in core", async () => {
    const org = await organizationWithLine();
    const contact = (await org.core("POST", "/contacts", { phone: PAT, name: "Before" })).body.data;
    const conversation = await converse(org, PAT);
    await org.core("PUT", `/contacts/${contact.id}`, { name: "Renamed Person" });
    await waitFor(async () => {
      const res = await org.call("POST", "/conversations/search", { query: "renamed" });
      return res.body.total === 1 && res.body.data[0].id === conversation;
    });
    expect((await org.call("POST", "/conversations/search", { query: "before" })).body.total).toBe(0);
  });

  it("answers 422 naming the field", async () => {
    const org = await organizationWithLine();
    for (const [body, field] of [
      [{}, "query"],
      [{ query: "" }, "query"],
      [{ query: 5 }, "query"],
      [{ query: "x", limit: 0 }, "limit"],
      [{ query: "x", extra: 1 }, "extra"],
    ] as const) {
      const res = await org.call("POST", "/conversations/search", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });
});

describe("PUT /conversations/{id}", () => {
  it("changes the status and assigns a user and a team of the organization", async () => {
    const org = await organizationWithLine();
    const id = await converse(org, PAT);
    const user = (await org.core("POST", "/users", { name: "Agent", email: "agent@example.com" })).body.data;
    const team = (await org.core("POST", "/teams", { name: "Nights" })).body.data;

    const updated = await org.call("PUT", `/conversations/${id}`, {
      status: "spam",
      assigned_user_id: user.id,
      assigned_team_id: team.id,
    });
    expect(updated.status).toBe(200);
    expect(contractErrors("PUT", "/conversations/{id}", 200, updated.body)).toEqual([]);
    expect(updated.body.data).toMatchObject({
      status: "spam",
      assigned_user_id: user.id,
      assigned_team_id: team.id,
    });
    expect((await org.call("GET", `/conversations/${id}`)).body.data).toEqual(updated.body.data);

    const unassigned = await org.call("PUT", `/conversations/${id}`, {
      assigned_user_id: null,
      assigned_team_id: null,
    });
    expect(unassigned.body.data).not.toHaveProperty("assigned_user_id");
    expect(unassigned.body.data).not.toHaveProperty("assigned_team_id");
    expect(unassigned.body.data.status).toBe("spam");
  });

  it("refuses another organization's user or team with a 422 naming the field", async () => {
    const org = await organizationWithLine();
    const other = await stack.createOrganization();
    const id = await converse(org, PAT);
    const theirUser = (await other.core("POST", "/users", { name: "X", email: "x@example.com" })).body.data;
    const theirTeam = (await other.core("POST", "/teams", { name: "X" })).body.data;
    const cases: Array<[unknown, string[]]> = [
      [{ assigned_user_id: theirUser.id }, ["assigned_user_id"]],
      [{ assigned_team_id: theirTeam.id }, ["assigned_team_id"]],
      [
        { assigned_user_id: 2_000_000_000, assigned_team_id: crypto.randomUUID() },
        ["assigned_user_id", "assigned_team_id"],
      ],
      [{ assigned_user_id: "1" }, ["assigned_user_id"]],
      [{ assigned_team_id: "team" }, ["assigned_team_id"]],
      [{ status: "archived" }, ["status"]],
      [{ mark_read: false }, ["mark_read"]],
      [{ unread_count: 0 }, ["unread_count"]],
    ];
    for (const [body, fields] of cases) {
      const res = await org.call("PUT", `/conversations/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(schemaErrors("Error", res.body)).toEqual([]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(fields);
    }
    const still = (await org.call("GET", `/conversations/${id}`)).body.data;
    expect(still.status).toBe("open");
    expect(still).not.toHaveProperty("assigned_user_id");
  });
});

describe("tenancy: another organization's conversations", () => {
  it("are not found, listed, searched, changed or read", async () => {
    const owner = await organizationWithLine();
    const other = await organizationWithLine();
    await owner.core("POST", "/contacts", { phone: PAT, name: "Secret Name" });
    const id = await converse(owner, PAT, "secret text");
    const before = (await owner.call("GET", `/conversations/${id}`)).body.data;

    for (const [method, path, body] of [
      ["GET", `/conversations/${id}`],
      ["PUT", `/conversations/${id}`, { status: "closed" }],
      ["GET", `/conversations/${id}/messages`],
      ["GET", "/conversations/not-a-uuid"],
      ["GET", `/conversations/${crypto.randomUUID()}/messages`],
    ] as const) {
      const res = await other.call(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: "not_found", error: "conversation not found" });
    }
    expect((await other.call("GET", "/conversations")).body).toEqual({ data: [], total: 0 });
    for (const query of ["secret", "4155550111"]) {
      expect((await other.call("POST", "/conversations/search", { query })).body).toEqual({
        data: [],
        total: 0,
      });
    }
    expect((await owner.call("GET", `/conversations/${id}`)).body.data).toEqual(before);
  });
});

describe("authentication: every route needs the internal token and an organization", () => {
  const ID = "00000000-0000-4000-8000-000000000000";
  const routes: Array<[string, string, string, unknown?]> = [
    ["POST", "/v1/messaging/sms", "/messaging/sms", { from: LINE, to: PAT, body: "hi" }],
    ["GET", "/v1/conversations", "/conversations"],
    ["POST", "/v1/conversations/search", "/conversations/search", { query: "x" }],
    ["GET", `/v1/conversations/${ID}`, "/conversations/{id}"],
    ["PUT", `/v1/conversations/${ID}`, "/conversations/{id}", { status: "closed" }],
    ["GET", `/v1/conversations/${ID}/messages`, "/conversations/{id}/messages"],
    ["GET", `/v1/contacts/${ID}/communication_preferences`, "/contacts/{id}/communication_preferences"],
    [
      "POST",
      `/v1/contacts/${ID}/communication_preferences/opt_in`,
      "/contacts/{id}/communication_preferences/opt_in",
      { channel_id: ID },
    ],
    [
      "POST",
      `/v1/contacts/${ID}/communication_preferences/opt_out`,
      "/contacts/{id}/communication_preferences/opt_out",
      { channel_id: ID },
    ],
  ];
  const cases = [
    ["no internal token", { "x-organization-id": ID }],
    ["a wrong internal token", { "x-internal-token": "wrong-token-0123456789", "x-organization-id": ID }],
    ["no organization", { "x-internal-token": TEST_INTERNAL_TOKEN }],
    ["a malformed organization", { "x-internal-token": TEST_INTERNAL_TOKEN, "x-organization-id": "nope" }],
  ] as const;
  for (const [method, path, contractPath, body] of routes) {
    for (const [what, headers] of cases) {
      it(`${method} ${path} with ${what} → 401`, async () => {
        const res = await fetch(`${stack.conversations.url}${path}`, {
          method,
          headers: { "content-type": "application/json", ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        expect(res.status).toBe(401);
        const error = await res.json();
        expect(error).toMatchObject({ status: 401, code: "unauthorized" });
        expect(contractErrors(method, contractPath, 401, error)).toEqual([]);
      });
    }
  }

  it("unknown routes are 404", async () => {
    const org = await organizationWithLine();
    expect((await org.call("GET", "/messaging/sms")).status).toBe(404);
    expect((await org.call("DELETE", `/conversations/${ID}`)).status).toBe(404);
  });
});
