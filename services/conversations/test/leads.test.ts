import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneCommands, serviceEvents } from "./flows.js";
import { type Stack, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const SECOND_LINE = "+14155550101";
const PAT = "+14155550141";
const INBOX = "jobs@agency.example";

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

/** Reply bodies are checked by the assertions, not by the type system. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = Record<string, any>;
type Org = TestOrganization & { channelId: string };

async function organizationWithLine(): Promise<Org> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE) };
}

async function emailChannel(org: TestOrganization): Promise<string> {
  const created = await org.core("POST", "/channels", {
    type: "email",
    name: "Jobs",
    address: INBOX,
    timezone: "America/New_York",
    provider: "sandbox",
  });
  if (created.status !== 201) throw new Error(`creating an email channel answered ${created.status}`);
  return created.body.data.id;
}

const fields = (reply: { body: Loose }) => reply.body.details.map((d: { field: string }) => d.field);

describe("POST /leads", () => {
  it("upserts the contact, stores the text as received on the oldest phone channel, and announces lead.new", async () => {
    const org = await organizationWithLine();
    await org.createChannel(SECOND_LINE);
    // As Whippy's MCP server sends it: name, email, phone, source, status (no channel, no text).
    const lead = await org.call("POST", "/leads", {
      name: "Pat Doe",
      email: "pat@example.com",
      phone: "(415) 555-0141",
      source: "indeed",
      status: "new",
      message: "I can do night shifts",
    });
    expect(lead.status).toBe(201);
    expect(lead.body.data).toMatchObject({
      name: "Pat Doe",
      email: "pat@example.com",
      phone: PAT,
      source: "indeed",
      status: "new",
      channel_id: org.channelId,
    });
    const contact = await org.core("GET", `/contacts/${lead.body.data.contact_id}`);
    expect(contact.body.data).toMatchObject({ name: "Pat Doe", phone: PAT, email: "pat@example.com" });

    const conversation = await org.call("GET", `/conversations/${lead.body.data.conversation_id}`);
    expect(conversation.body.data).toMatchObject({
      status: "open",
      unread_count: 1,
      channel_id: org.channelId,
    });
    const thread = await org.call("GET", `/conversations/${lead.body.data.conversation_id}/messages`);
    expect(thread.body.data).toHaveLength(1);
    expect(thread.body.data[0]).toMatchObject({
      id: lead.body.data.message_id,
      type: "sms",
      direction: "INBOUND",
      source_type: "INBOUND",
      delivery_status: "received",
      body: "I can do night shifts",
      from: PAT,
      to: LINE,
    });

    await waitFor(async () =>
      (await events()).some(
        (e) => e.type === "conversations.lead.created" && (e.data as Loose).id === lead.body.data.id,
      ),
    );
    const announced = (await events()).find((e) => e.type === "conversations.lead.created")?.data as Loose;
    expect(announced.contact.id).toBe(lead.body.data.contact_id);
    expect(announced.conversation.id).toBe(lead.body.data.conversation_id);
    expect(announced.message.body).toBe("I can do night shifts");
    // A form is not a text from the contact: nothing is answered.
    expect(await commands(org.id)).toEqual([]);

    const shown = await org.call("GET", `/leads/${lead.body.data.id}`);
    expect(shown.body.data).toEqual(lead.body.data);
  });

  it("a second lead for the same person updates the contact, reopens the closed conversation and lists newest first", async () => {
    const org = await organizationWithLine();
    const first = await org.call("POST", "/leads", { phone: PAT, source: "website", body: "Hi" });
    expect(first.status).toBe(201);
    expect(first.body.data.name).toBeUndefined();
    const closed = await org.call("PUT", `/conversations/${first.body.data.conversation_id}`, {
      status: "closed",
    });
    expect(closed.status).toBe(200);

    const second = await org.call("POST", "/leads", {
      phone: PAT,
      name: "Pat Doe",
      source: "indeed",
      channel_id: org.channelId,
    });
    expect(second.status).toBe(201);
    expect(second.body.data).toMatchObject({
      contact_id: first.body.data.contact_id,
      conversation_id: first.body.data.conversation_id,
      name: "Pat Doe",
    });
    // No text: no message, but the conversation is open again.
    expect(second.body.data.message_id).toBeUndefined();
    const conversation = await org.call("GET", `/conversations/${first.body.data.conversation_id}`);
    expect(conversation.body.data.status).toBe("open");

    const all = await org.call("GET", "/leads");
    expect(all.body.total).toBe(2);
    expect(all.body.data.map((l: Loose) => l.id)).toEqual([second.body.data.id, first.body.data.id]);
    const indeed = await org.call("GET", "/leads?source=indeed");
    expect(indeed.body.data.map((l: Loose) => l.id)).toEqual([second.body.data.id]);
  });

  it("puts an email-only lead on the oldest email channel, or the channel `from` names", async () => {
    const org = await organizationWithLine();
    const inboxId = await emailChannel(org);
    const lead = await org.call("POST", "/leads", {
      email: "sam@example.com",
      name: "Sam",
      body: "CV attached",
    });
    expect(lead.status).toBe(201);
    expect(lead.body.data.channel_id).toBe(inboxId);
    const thread = await org.call("GET", `/conversations/${lead.body.data.conversation_id}/messages`);
    expect(thread.body.data[0]).toMatchObject({ type: "email", from: "sam@example.com", to: INBOX });

    const byFrom = await org.call("POST", "/leads", { email: "kim@example.com", phone: PAT, from: INBOX });
    expect(byFrom.status).toBe(201);
    expect(byFrom.body.data.channel_id).toBe(inboxId);
  });

  it("answers 422 naming the field, and 404 for another organization's lead", async () => {
    const org = await organizationWithLine();
    const other = await organizationWithLine();
    const bare = await stack.createOrganization();
    const cases: Array<[TestOrganization, Loose, string]> = [
      [org, { name: "Nobody" }, "phone"],
      [org, { phone: "not a phone" }, "phone"],
      [org, { email: "nope" }, "email"],
      [org, { phone: PAT, channel_id: other.channelId }, "channel_id"],
      [org, { phone: PAT, channel_id: "not-a-uuid" }, "channel_id"],
      [org, { phone: PAT, from: "+14155559999" }, "from"],
      [org, { phone: PAT, from: LINE, channel_id: org.channelId }, "from"],
      [org, { phone: PAT, body: "a", message: "b" }, "message"],
      [org, { phone: PAT, surprise: true }, "surprise"],
      [org, { email: "sam@example.com" }, "channel_id"],
      [org, { email: "sam@example.com", channel_id: org.channelId }, "phone"],
      [bare, { phone: PAT }, "channel_id"],
    ];
    for (const [who, body, field] of cases) {
      const reply = await who.call("POST", "/leads", body);
      expect({ body, status: reply.status }).toEqual({ body, status: 422 });
      expect(fields(reply)).toContain(field);
    }

    const lead = await org.call("POST", "/leads", { phone: PAT });
    await org.call("POST", "/leads", { phone: SECOND_LINE, email: "taken@example.com" });
    const conflict = await org.call("POST", "/leads", { phone: PAT, email: "taken@example.com" });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors[0].description).toMatch(/belongs to contact/);
    expect((await other.call("GET", `/leads/${lead.body.data.id}`)).status).toBe(404);
    expect((await org.call("GET", "/leads/not-a-uuid")).status).toBe(404);
    expect((await other.call("GET", "/leads")).body.total).toBe(0);
  });
});
