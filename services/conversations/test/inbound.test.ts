import { PhoneMessageReceived } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { contractErrors } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PhoneCommand, phoneCommands, projectedOnly, receive } from "./flows.js";
import { type Stack, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const PAT = "+14155550111";
const OPEN = "Thanks, we'll be right with you.";
const CLOSED = "We're closed; we'll answer tomorrow.";
const ALL_WEEK_CLOSED = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map(
  (weekday) => ({ weekday, opens_at: "00:00", closes_at: "23:59", state: "closed" }),
);

let stack: Stack;
let commands: (organizationId: string) => Promise<PhoneCommand[]>;
beforeAll(async () => {
  stack = await startStack({ AUTO_RESPONSE_COOLDOWN_SECONDS: "3600" });
  commands = phoneCommands(stack);
});
afterAll(async () => {
  await stack?.stop();
});

async function organizationWithLine(
  extra: Record<string, unknown> = {},
): Promise<TestOrganization & { channelId: string }> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE, extra) };
}

describe("phone.message.received", () => {
  it("creates the contact, opens a conversation and stores the message with its media", async () => {
    const org = await organizationWithLine();
    await receive(stack, org.id, {
      channel_id: org.channelId,
      from: PAT,
      to: LINE,
      body: "Is the job still open?",
      media: [{ url: "https://media.example.com/cv.pdf", content_type: "application/pdf" }],
    });
    const contacts = await org.core("POST", "/contacts/search", { phone: PAT });
    expect(contacts.body.total).toBe(1);
    const contactId = contacts.body.data[0].id;

    const list = await org.call("GET", "/conversations");
    expect(contractErrors("GET", "/conversations", 200, list.body)).toEqual([]);
    expect(list.body.total).toBe(1);
    const conversation = list.body.data[0];
    expect(conversation).toMatchObject({
      contact_id: contactId,
      channel_id: org.channelId,
      status: "open",
      unread_count: 1,
    });
    expect(conversation.last_message_date).toEqual(expect.any(String));

    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(contractErrors("GET", "/conversations/{id}/messages", 200, messages.body)).toEqual([]);
    expect(messages.body.data).toEqual([
      expect.objectContaining({
        direction: "INBOUND",
        delivery_status: "received",
        from: PAT,
        to: LINE,
        body: "Is the job still open?",
        contact_id: contactId,
        attachments: ["https://media.example.com/cv.pdf"],
        media: [{ url: "https://media.example.com/cv.pdf", content_type: "application/pdf" }],
        automated: false,
      }),
    ]);
  });

  it("adds to the contact's conversation, counts unread messages and reopens a closed one", async () => {
    const org = await organizationWithLine();
    const known = await org.core("POST", "/contacts", { phone: PAT, name: "Pat" });
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "one" });
    const [conversation] = (await org.call("GET", "/conversations")).body.data;
    expect(conversation.contact_id).toBe(known.body.data.id);

    const closed = await org.call("PUT", `/conversations/${conversation.id}`, { status: "closed" });
    expect(closed.body.data).toMatchObject({ status: "closed", unread_count: 0 });

    await receive(stack, org.id, {
      channel_id: org.channelId,
      from: "(415) 555-0111",
      to: LINE,
      body: "two",
    });
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "three" });
    const list = await org.call("GET", "/conversations");
    expect(list.body.total).toBe(1);
    expect(list.body.data[0]).toMatchObject({ id: conversation.id, status: "open", unread_count: 2 });
    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(messages.body.data.map((m: { body: string }) => m.body)).toEqual(["three", "two", "one"]);

    const read = await org.call("PUT", `/conversations/${conversation.id}`, { mark_read: true });
    expect(read.body.data).toMatchObject({ status: "open", unread_count: 0 });
  });

  it("takes a sender the contacts projection holds from it, without asking core", async () => {
    const org = await organizationWithLine();
    const number = "+14155550177";
    const projected = await projectedOnly(stack, org.id, number);
    await receive(stack, org.id, { channel_id: org.channelId, from: number, to: LINE, body: "hi" });
    const [conversation] = (await org.call("GET", "/conversations")).body.data;
    expect(conversation.contact_id).toBe(projected);
    expect((await org.core("POST", "/contacts/search", { phone: number })).body.total).toBe(0);
  });

  it("leaves a number two projected contacts hold (a lag) to core, and a deleted one too", async () => {
    const org = await organizationWithLine();
    const twice = "+14155550178";
    const deleted = "+14155550179";
    const row = (phone: string, gone = false) => ({
      id: crypto.randomUUID(),
      organization_id: org.id,
      name: null,
      phone,
      email: null,
      version: new Date(),
      deleted: gone,
    });
    await stack.db.db
      .insertInto("contacts")
      .values([row(twice), row(twice), row(deleted, true)])
      .execute();
    for (const from of [twice, deleted]) {
      await receive(stack, org.id, { channel_id: org.channelId, from, to: LINE, body: "hello" });
      const found = await org.core("POST", "/contacts/search", { phone: from });
      expect(found.body.total).toBe(1);
      const conversations = (await org.call("GET", "/conversations")).body.data as Array<{
        contact_id: string;
      }>;
      expect(conversations.map((c) => c.contact_id)).toContain(found.body.data[0].id);
    }
  });

  it("stores a message the provider delivered twice once", async () => {
    const org = await organizationWithLine();
    const first = await receive(stack, org.id, {
      channel_id: org.channelId,
      from: PAT,
      to: LINE,
      body: "twice",
      provider_message_id: "SMduplicate",
    });
    await receive(stack, org.id, { ...first.data, body: "twice" });
    // The same event again: JetStream drops it, or the inbox does.
    await stack.bus.publish(first);
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "after" });

    const [conversation] = (await org.call("GET", "/conversations")).body.data;
    expect(conversation.unread_count).toBe(2);
    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(messages.body.data.map((m: { body: string }) => m.body)).toEqual(["after", "twice"]);
  });

  it("keeps another organization's same provider id apart", async () => {
    const a = await organizationWithLine();
    const b = await organizationWithLine();
    for (const org of [a, b]) {
      await receive(stack, org.id, {
        channel_id: org.channelId,
        from: PAT,
        to: LINE,
        body: "hi",
        provider_message_id: "SMshared",
      });
      expect((await org.call("GET", "/conversations")).body.total).toBe(1);
    }
  });

  it("ignores a message for a channel core does not know", async () => {
    const org = await organizationWithLine();
    await stack.bus.publish(
      newEvent(PhoneMessageReceived, org.id, {
        channel_id: crypto.randomUUID(),
        provider_message_id: "SMlost",
        from: PAT,
        to: LINE,
        body: "lost",
        received_at: new Date().toISOString(),
      }),
    );
    // Messages after it are still handled, and it left nothing behind.
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "found" });
    const list = await org.call("GET", "/conversations");
    expect(list.body.total).toBe(1);
    const [conversation] = list.body.data;
    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(messages.body.data.map((m: { body: string }) => m.body)).toEqual(["found"]);
  });
});

describe("automatic responses", () => {
  it("answer with the open text, at most once per conversation per cooldown", async () => {
    const org = await organizationWithLine({
      automatic_response_open: OPEN,
      automatic_response_closed: CLOSED,
    });
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "first" });
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "second" });
    let sent = await commands(org.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: LINE, to: PAT, body: OPEN, channel_id: org.channelId });

    const [conversation] = (await org.call("GET", "/conversations")).body.data;
    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(messages.body.data[0]).toMatchObject({ body: "second", direction: "INBOUND" });
    const auto = messages.body.data.find((m: { direction: string }) => m.direction === "OUTBOUND");
    expect(auto).toMatchObject({ body: OPEN, automated: true, delivery_status: "queued" });
    // Auto replies do not count as reading the conversation.
    expect(conversation.unread_count).toBe(2);

    // Once the cooldown has passed, the next message is answered again.
    await sql`update conversations set last_auto_response_at = now() - interval '2 hours'`.execute(
      stack.db.db,
    );
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "third" });
    sent = await commands(org.id);
    expect(sent.map((c) => c.body)).toEqual([OPEN, OPEN]);
  });

  it("answer with the closed text outside opening hours, per conversation", async () => {
    const org = await organizationWithLine({
      automatic_response_open: OPEN,
      automatic_response_closed: CLOSED,
      opening_hours: ALL_WEEK_CLOSED,
    });
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "hello" });
    await receive(stack, org.id, {
      channel_id: org.channelId,
      from: "+14155550122",
      to: LINE,
      body: "hello",
    });
    const sent = await commands(org.id);
    expect(sent.map((c) => [c.to, c.body])).toEqual([
      [PAT, CLOSED],
      ["+14155550122", CLOSED],
    ]);
  });

  it("are not sent by a channel without one", async () => {
    const org = await organizationWithLine({ automatic_response_open: OPEN, opening_hours: ALL_WEEK_CLOSED });
    await receive(stack, org.id, { channel_id: org.channelId, from: PAT, to: LINE, body: "hello" });
    expect(await commands(org.id)).toEqual([]);
  });
});
