import { TEST_INTERNAL_TOKEN, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneCommands, serviceEvents } from "./flows.js";
import { type Stack, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const PAT = "+14155550131";
const SAM = "+14155550132";

let stack: Stack;
let commands: ReturnType<typeof phoneCommands>;
let events: ReturnType<typeof serviceEvents>;
beforeAll(async () => {
  stack = await startStack();
  commands = phoneCommands(stack);
  events = serviceEvents(stack);
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string };
/** Reply bodies are checked by the assertions, not by the type system. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = Record<string, any>;

async function organizationWithLine(): Promise<Org> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE) };
}

const fields = (reply: { body: Loose }) => reply.body.details.map((d: { field: string }) => d.field);

describe("POST /messaging/note", () => {
  it("stores a note in the conversation, as Whippy's piece sends it, and never sends it", async () => {
    const org = await organizationWithLine();
    const sent = await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "Shift at 9?" });
    const conversationId = sent.body.data.conversation_id;

    const note = await org.call("POST", "/messaging/note", {
      from: LINE,
      to: "(415) 555-0131",
      body: "Prefers mornings",
      attachments: [],
    });
    expect(note.status).toBe(201);
    expect(note.body.data).toMatchObject({
      conversation_id: conversationId,
      type: "note",
      source_type: "NOTE",
      body: "Prefers mornings",
      from: LINE,
      to: PAT,
    });
    const thread = await org.call("GET", `/conversations/${conversationId}/messages`);
    expect(thread.body.data.map((m: Loose) => m.type)).toEqual(["note", "sms"]);
    expect(thread.body.data[1].source_type).toBe("OUTBOUND");
    const conversation = (await org.call("GET", `/conversations/${conversationId}`)).body.data;
    expect(conversation.unread_count).toBe(0);

    await waitFor(async () =>
      (await events()).some(
        (e) =>
          e.type === "conversations.message.created" && (e.data as { id: string }).id === note.body.data.id,
      ),
    );
    expect((await commands(org.id)).map((c) => c.body)).toEqual(["Shift at 9?"]);
  });

  it("opens the conversation for a new contact, and notes an opted-out contact (nothing is sent)", async () => {
    const org = await organizationWithLine();
    const users = await org.core("POST", "/users", { name: "Ada", email: `ada-${org.id}@example.com` });
    const note = await org.call("POST", "/messaging/note", {
      from: LINE,
      to: SAM,
      body: "Called, left a voicemail",
      user_id: users.body.data.id,
    });
    expect(note.status).toBe(201);
    expect(note.body.data.user_id).toBe(users.body.data.id);
    const list = await org.call("GET", "/conversations");
    expect(list.body.data.map((c: Loose) => c.id)).toEqual([note.body.data.conversation_id]);

    const contactId = note.body.data.contact_id;
    const optOut = await org.call("POST", `/contacts/${contactId}/communication_preferences/opt_out`, {
      channel_id: org.channelId,
    });
    expect(optOut.status).toBe(200);
    const refused = await org.call("POST", "/messaging/sms", { from: LINE, to: SAM, body: "Still there?" });
    expect(refused.status).toBe(422);
    const again = await org.call("POST", "/messaging/note", {
      from: LINE,
      to: SAM,
      body: "Asked to stop texting",
    });
    expect(again.status).toBe(201);
    expect(await commands(org.id)).toEqual([]);
  });

  it("answers 422 naming the field, also for another organization's user", async () => {
    const org = await organizationWithLine();
    const other = await organizationWithLine();
    for (const [body, field] of [
      [{ from: LINE, to: PAT, body: "", attachments: [] }, "body"],
      [{ from: LINE, to: PAT }, "body"],
      [{ to: PAT, body: "x" }, "from"],
      [{ from: "+14155559999", to: PAT, body: "x" }, "from"],
      [{ from: LINE, to: "not a phone", body: "x" }, "to"],
      [{ from: LINE, to: PAT, body: "x", attachments: ["ftp://x"] }, "attachments.0"],
      [{ from: LINE, to: PAT, body: "x", user_id: 2_000_000_000 }, "user_id"],
      [{ from: LINE, to: PAT, body: "x", sent: true }, "sent"],
    ] as const) {
      const res = await org.call("POST", "/messaging/note", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fields(res), JSON.stringify(body)).toContain(field);
    }
    const foreignUser = await other.core("POST", "/users", {
      name: "Eve",
      email: `eve-${other.id}@example.com`,
    });
    const res = await org.call("POST", "/messaging/note", {
      from: LINE,
      to: PAT,
      body: "x",
      user_id: foreignUser.body.data.id,
    });
    expect(fields(res)).toEqual(["user_id"]);
    expect((await org.call("GET", "/conversations")).body.total).toBe(0);
  });
});

describe("POST /messaging/note from a web session", () => {
  /** As the gateway forwards a session's call: its user, and for an agent the channels they may use. */
  const asSession = (org: Org, headers: Record<string, string>, body: unknown) =>
    fetch(`${stack.conversations.url}/v1/messaging/note`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-internal-token": TEST_INTERNAL_TOKEN,
        "x-organization-id": org.id,
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it("is written by the signed-in user, and an agent writes only on their channels", async () => {
    const org = await organizationWithLine();
    const other = await org.createChannel("+14155550199");
    const user = (await org.core("POST", "/users", { name: "Ann", email: `ann-${org.id}@example.com` })).body
      .data;
    const refused = await asSession(
      org,
      { "x-relay-user-id": String(user.id), "x-relay-channel-ids": other },
      { from: LINE, to: PAT, body: "not here" },
    );
    expect(refused.status).toBe(403);
    expect((await org.call("GET", "/conversations")).body.total).toBe(0);

    const written = await asSession(
      org,
      { "x-relay-user-id": String(user.id), "x-relay-channel-ids": org.channelId },
      { from: LINE, to: PAT, body: "Called her back", user_id: 2_000_000_000 },
    );
    expect(written.status).toBe(201);
    const note = ((await written.json()) as Loose).data;
    expect(note).toMatchObject({ type: "note", user_id: user.id, channel_id: org.channelId });
  });
});

describe("GET /conversations?tags[]=", () => {
  it("lists the conversations whose contact carries a tag, following renames and deletions in core", async () => {
    const org = await organizationWithLine();
    await org.core("POST", "/contacts", { phone: PAT, tags: ["Forklift"] });
    await org.core("POST", "/contacts", { phone: SAM, tags: ["Welder"] });
    const pat = (await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "hi" })).body.data;
    const sam = (await org.call("POST", "/messaging/sms", { from: LINE, to: SAM, body: "hi" })).body.data;
    const ids = async (query: string) =>
      (await org.call("GET", `/conversations?${query}`)).body.data.map((c: Loose) => c.id);

    expect(await ids("tags[]=Forklift")).toEqual([pat.conversation_id]);
    expect(await ids("tags=Welder")).toEqual([sam.conversation_id]);
    expect((await ids("tags[]=Forklift&tags[]=Welder")).sort()).toEqual(
      [pat.conversation_id, sam.conversation_id].sort(),
    );
    expect(await ids("tags[]=Nobody")).toEqual([]);

    const tag = (await org.core("GET", "/tags?search=Forklift")).body.data[0];
    await org.core("PUT", `/tags/${tag.id}`, { name: "Lift truck" });
    await waitFor(async () => (await ids("tags[]=Lift%20truck")).length === 1);
    expect(await ids("tags[]=Forklift")).toEqual([]);

    await org.core("POST", `/contacts/${sam.contact_id}/tags`, { name: "Lift truck" });
    await waitFor(async () => (await ids("tags[]=Lift%20truck")).length === 2);
    await org.core("DELETE", `/tags/${tag.id}`);
    await waitFor(async () => (await ids("tags[]=Lift%20truck")).length === 0);
    expect(await ids("tags[]=Welder")).toEqual([sam.conversation_id]);
  });
});
