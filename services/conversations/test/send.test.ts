import { contractErrors, schemaErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PhoneCommand, phoneCommands, projectedOnly, receive, serviceEvents } from "./flows.js";
import { type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const PAT = "+14155550111";

let stack: Stack;
let commands: (organizationId: string) => Promise<PhoneCommand[]>;
beforeAll(async () => {
  stack = await startStack();
  commands = phoneCommands(stack);
});
afterAll(async () => {
  await stack?.stop();
});

async function organizationWithLine(): Promise<TestOrganization & { channelId: string }> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE) };
}

describe("POST /messaging/sms", () => {
  it("answers 201 with the contract's body and hands exactly one command to the phone adapter", async () => {
    const org = await organizationWithLine();
    const sent = await org.call("POST", "/messaging/sms", {
      from: "(415) 555-0100",
      to: "415-555-0111",
      body: "Your interview is at 10am",
      attachments: ["https://files.example.com/map.png"],
    });
    expect(sent.status).toBe(201);
    expect(contractErrors("POST", "/messaging/sms", 201, sent.body)).toEqual([]);
    expect(sent.body.data).toMatchObject({ delivery_status: "queued" });

    await settled(stack);
    const handed = await commands(org.id);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({
      message_id: sent.body.data.id,
      channel_id: org.channelId,
      from: LINE,
      to: PAT,
      body: "Your interview is at 10am",
      media_urls: ["https://files.example.com/map.png"],
    });

    // The contact was created in core, and the conversation and message are visible.
    const contacts = await org.core("POST", "/contacts/search", { phone: PAT });
    expect(contacts.body.data.map((c: { id: string }) => c.id)).toEqual([sent.body.data.contact_id]);
    const conversation = await org.call("GET", `/conversations/${sent.body.data.conversation_id}`);
    expect(conversation.status).toBe(200);
    expect(contractErrors("GET", "/conversations/{id}", 200, conversation.body)).toEqual([]);
    expect(conversation.body.data).toMatchObject({
      contact_id: sent.body.data.contact_id,
      channel_id: org.channelId,
      channel_type: "phone",
      status: "open",
      unread_count: 0,
    });
    const messages = await org.call("GET", `/conversations/${sent.body.data.conversation_id}/messages`);
    expect(contractErrors("GET", "/conversations/{id}/messages", 200, messages.body)).toEqual([]);
    expect(messages.body.total).toBe(1);
    expect(messages.body.data[0]).toMatchObject({
      id: sent.body.data.id,
      direction: "OUTBOUND",
      type: "sms",
      from: LINE,
      to: PAT,
      body: "Your interview is at 10am",
      attachments: ["https://files.example.com/map.png"],
      delivery_status: "queued",
      automated: false,
    });
  });

  it("sends to a contact the projection holds without asking core; a national number still goes to core", async () => {
    const org = await organizationWithLine();
    const number = "+14155550166";
    const projected = await projectedOnly(stack, org.id, number);
    const sent = await org.call("POST", "/messaging/sms", {
      from: LINE,
      to: number,
      body: "Still on for 10?",
    });
    expect(sent.status).toBe(201);
    expect(sent.body.data.contact_id).toBe(projected);
    expect((await org.core("POST", "/contacts/search", { phone: number })).body.total).toBe(0);

    const national = await org.call("POST", "/messaging/sms", {
      from: LINE,
      to: "(415) 555-0166",
      body: "hi",
    });
    expect(national.status).toBe(201);
    expect(national.body.data.contact_id).not.toBe(projected);
    expect((await org.core("POST", "/contacts/search", { phone: number })).body.total).toBe(1);
  });

  it.each([
    ["http://127.0.0.1:8081/v1/contacts"],
    ["http://localhost/file.png"],
    ["http://[fd00::1]/file.png"],
  ])(
    "refuses an attachment on a private address (%s) with a 422 naming it, queueing nothing",
    async (url) => {
      const org = await organizationWithLine();
      const sent = await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, attachments: [url] });
      expect(sent.status).toBe(422);
      expect(sent.body.details.map((d: { field: string }) => d.field)).toEqual(["attachments.0"]);
      await settled(stack);
      expect(await commands(org.id)).toHaveLength(0);
    },
  );

  it("reuses the contact's conversation on the channel and sets the status asked for", async () => {
    const org = await organizationWithLine();
    const first = await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "one" });
    const second = await org.call("POST", "/messaging/sms", {
      from: LINE,
      to: PAT,
      body: "two",
      conversation_status: "automated",
    });
    expect(second.status).toBe(201);
    expect(second.body.data.conversation_id).toBe(first.body.data.conversation_id);
    expect(second.body.data.contact_id).toBe(first.body.data.contact_id);
    const conversation = await org.call("GET", `/conversations/${first.body.data.conversation_id}`);
    expect(conversation.body.data.status).toBe("automated");
    const list = await org.call("GET", "/conversations");
    expect(list.body.total).toBe(1);
    const messages = await org.call("GET", `/conversations/${first.body.data.conversation_id}/messages`);
    // Newest first.
    expect(messages.body.data.map((m: { body: string }) => m.body)).toEqual(["two", "one"]);
    expect(messages.body.data[0].automated).toBe(true);
  });

  it("sends an MMS without a body", async () => {
    const org = await organizationWithLine();
    const sent = await org.call("POST", "/messaging/sms", {
      from: LINE,
      to: PAT,
      attachments: ["https://files.example.com/a.jpg", "https://files.example.com/b.jpg"],
    });
    expect(sent.status).toBe(201);
    await settled(stack);
    const [command] = await commands(org.id);
    expect(command?.body).toBeUndefined();
    expect(command?.media_urls).toEqual([
      "https://files.example.com/a.jpg",
      "https://files.example.com/b.jpg",
    ]);
  });

  it("sends now when schedule_at is in the past", async () => {
    const org = await organizationWithLine();
    const sent = await org.call("POST", "/messaging/sms", {
      from: LINE,
      to: PAT,
      body: "late",
      schedule_at: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(sent.body.data.delivery_status).toBe("queued");
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.message_id)).toEqual([sent.body.data.id]);
  });

  it("publishes message and conversation events through the outbox", async () => {
    const org = await organizationWithLine();
    const sent = await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "events" });
    await settled(stack);
    const events = (await serviceEvents(stack)()).filter((e) => e.organization_id === org.id);
    expect(events.map((e) => e.type).sort()).toEqual([
      "conversations.conversation.created",
      "conversations.message.created",
    ]);
    const message = events.find((e) => e.type === "conversations.message.created");
    expect(message?.data).toMatchObject({ id: sent.body.data.id, delivery_status: "queued" });
    expect(schemaErrors("Message", message?.data)).toEqual([]);
    const conversation = events.find((e) => e.type === "conversations.conversation.created");
    expect(schemaErrors("Conversation", conversation?.data)).toEqual([]);
  });
});

describe("POST /messaging/sms: bad input is a 422 naming the field, and nothing is sent", () => {
  const cases: Array<[what: string, body: unknown, field: string]> = [
    ["a body over 1000 characters", { from: LINE, to: PAT, body: "x".repeat(1001) }, "body"],
    ["no body and no attachments", { from: LINE, to: PAT }, "body"],
    ["a blank body", { from: LINE, to: PAT, body: "   " }, "body"],
    ["a `to` that is no phone number", { from: LINE, to: "12", body: "hi" }, "to"],
    ["letters as `to`", { from: LINE, to: "call me", body: "hi" }, "to"],
    ["a `from` that is no channel", { from: "+14155550999", to: PAT, body: "hi" }, "from"],
    ["a `from` that is no number", { from: "nope", to: PAT, body: "hi" }, "from"],
    ["no `to`", { from: LINE, body: "hi" }, "to"],
    ["a bad schedule_at", { from: LINE, to: PAT, body: "hi", schedule_at: "tomorrow" }, "schedule_at"],
    [
      "a schedule_at without a time zone",
      { from: LINE, to: PAT, body: "hi", schedule_at: "2030-01-01T10:00:00" },
      "schedule_at",
    ],
    [
      "a bad conversation_status",
      { from: LINE, to: PAT, body: "hi", conversation_status: "spam" },
      "conversation_status",
    ],
    ["an attachment that is no URL", { from: LINE, to: PAT, attachments: ["not a url"] }, "attachments.0"],
    [
      "an opt-in channel that is not the organization's",
      { from: LINE, to: PAT, body: "hi", opt_in_to: [{ id: "00000000-0000-4000-8000-000000000000" }] },
      "opt_in_to.0.id",
    ],
    ["an unknown field", { from: LINE, to: PAT, body: "hi", priority: "high" }, "priority"],
  ];
  for (const [what, body, field] of cases) {
    it(what, async () => {
      const org = await organizationWithLine();
      const res = await org.call("POST", "/messaging/sms", body);
      expect(res.status).toBe(422);
      expect(contractErrors("POST", "/messaging/sms", 422, res.body)).toEqual([]);
      expect(res.body.code).toBe("validation_failed");
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      await settled(stack);
      expect(await commands(org.id)).toEqual([]);
      expect((await org.call("GET", "/conversations")).body.total).toBe(0);
    });
  }

  it("malformed JSON", async () => {
    const org = await organizationWithLine();
    const res = await org.call("POST", "/messaging/sms", "{not json");
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([{ field: "body", message: "must be a valid JSON document" }]);
  });

  it("another organization's channel number", async () => {
    const owner = await organizationWithLine();
    const other = await stack.createOrganization();
    const res = await other.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "hi" });
    expect(res.status).toBe(422);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(["from"]);
    await settled(stack);
    expect(await commands(other.id)).toEqual([]);
    expect(await commands(owner.id)).toEqual([]);
  });
});

describe("unread count", () => {
  it("clears when a reply is sent, but not for an automated one", async () => {
    const org = await organizationWithLine();
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "hello?" });
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "anyone?" });
    const [conversation] = (await org.call("GET", "/conversations")).body.data;
    expect(conversation.unread_count).toBe(2);

    await org.call("POST", "/messaging/sms", {
      from: LINE,
      to: PAT,
      body: "bot",
      conversation_status: "automated",
    });
    expect((await org.call("GET", `/conversations/${conversation.id}`)).body.data.unread_count).toBe(2);

    const reply = await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "Yes, here" });
    expect(reply.status).toBe(201);
    expect((await org.call("GET", `/conversations/${conversation.id}`)).body.data.unread_count).toBe(0);
  });
});
