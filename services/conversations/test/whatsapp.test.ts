import { waitFor } from "@relay/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, settled, startStack, type TestOrganization } from "./harness.js";
import {
  receiveWhatsApp,
  reportWhatsAppStatus,
  type WhatsAppCommand,
  whatsAppCommands,
} from "./whatsapp-flows.js";

const DESK = "+15550001111";
const PAT = "+15557654321";
const WINDOW_ERROR = "outside the 24-hour customer service window: send a template";
const TEMPLATE = {
  name: "appointment_reminder",
  language: "en_US",
  components: [{ type: "body", parameters: [{ type: "text", text: "Pat" }] }],
};

let stack: Stack;
let commands: (organizationId: string) => Promise<WhatsAppCommand[]>;
beforeAll(async () => {
  stack = await startStack();
  commands = whatsAppCommands(stack);
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string };

async function organizationWithDesk(extra: Record<string, unknown> = {}): Promise<Org> {
  const org = await stack.createOrganization();
  const created = await org.core("POST", "/channels", {
    type: "whatsapp",
    name: "WhatsApp desk",
    phone: DESK,
    timezone: "America/New_York",
    provider: "sandbox",
    ...extra,
  });
  if (created.status !== 201) {
    throw new Error(`creating a whatsapp channel answered ${created.status} ${JSON.stringify(created.body)}`);
  }
  return { ...org, channelId: created.body.data.id };
}

const send = (org: Org, extra: Record<string, unknown> = {}) =>
  org.call("POST", "/messaging/whatsapp", { from: DESK, to: PAT, ...extra });

const inbound = (org: Org, body: string, extra: Record<string, unknown> = {}) =>
  receiveWhatsApp(stack, org.id, { channel_id: org.channelId, from: PAT, to: DESK, body, ...extra });

const messagesOf = async (org: Org, conversationId: string) =>
  (await org.call("GET", `/conversations/${conversationId}/messages`)).body.data;

const fields = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);

describe("POST /messaging/whatsapp", () => {
  it("sends a template outside the window: 201 and a cmd.whatsapp.send carrying the template", async () => {
    const org = await organizationWithDesk();
    const sent = await send(org, { template: TEMPLATE });
    expect(sent.status).toBe(201);
    expect(sent.body.data).toMatchObject({ delivery_status: "queued" });
    expect(Object.keys(sent.body.data).sort()).toEqual(
      ["contact_id", "conversation_id", "delivery_status", "id"].sort(),
    );
    await settled(stack);
    const handed = await commands(org.id);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({
      message_id: sent.body.data.id,
      channel_id: org.channelId,
      to: "15557654321",
      kind: "template",
      template: TEMPLATE,
    });
    const [message] = await messagesOf(org, sent.body.data.conversation_id);
    expect(message).toMatchObject({
      type: "whatsapp",
      direction: "OUTBOUND",
      from: DESK,
      to: PAT,
      whatsapp: { kind: "template", template: TEMPLATE },
    });
    const conversation = await org.call("GET", `/conversations/${sent.body.data.conversation_id}`);
    expect(conversation.body.data).toMatchObject({ channel_type: "whatsapp" });
  });

  it("refuses free-form to a contact who never wrote: 422 naming body, nothing sent", async () => {
    const org = await organizationWithDesk();
    const refused = await send(org, { body: "Hi Pat" });
    expect(refused.status).toBe(422);
    expect(fields(refused.body)).toEqual(["body"]);
    expect(JSON.stringify(refused.body)).toContain(WINDOW_ERROR);
    const media = await send(org, { attachments: ["https://files.example.com/a.jpg"] });
    expect(media.status).toBe(422);
    await settled(stack);
    expect(await commands(org.id)).toEqual([]);
  });

  it("sends free-form text and media within 24 hours of an inbound message", async () => {
    const org = await organizationWithDesk();
    await inbound(org, "Hello?");
    const text = await send(org, { body: "Hi Pat, how can we help?" });
    expect(text.status).toBe(201);
    const cases: Array<[string, string]> = [
      ["https://files.example.com/photo.JPG", "image"],
      ["https://files.example.com/clip.mp4", "video"],
      ["https://files.example.com/voice.ogg", "audio"],
      ["https://files.example.com/terms.pdf", "document"],
    ];
    const ids: string[] = [];
    for (const [url] of cases) {
      const sent = await send(org, { body: "see attached", attachments: [url] });
      expect(sent.status).toBe(201);
      ids.push(sent.body.data.id);
    }
    await settled(stack);
    const handed = await commands(org.id);
    expect(handed.find((c) => c.message_id === text.body.data.id)).toMatchObject({
      kind: "text",
      body: "Hi Pat, how can we help?",
      to: "15557654321",
    });
    cases.forEach(([url, type], i) => {
      expect(handed.find((c) => c.message_id === ids[i])).toMatchObject({
        kind: "media",
        media: { type, url, caption: "see attached" },
      });
    });
  });

  it("refuses free-form when the contact last wrote 25 hours ago; a template still goes", async () => {
    const org = await organizationWithDesk();
    await inbound(org, "Hello?");
    await sql`update messages set created_at = now() - interval '25 hours'
      where organization_id = ${org.id} and direction = 'INBOUND'`.execute(stack.db.db);
    const refused = await send(org, { body: "Hi again" });
    expect(refused.status).toBe(422);
    expect(fields(refused.body)).toEqual(["body"]);
    expect((await send(org, { template: TEMPLATE })).status).toBe(201);
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.kind)).toEqual(["template"]);
  });

  it("fails a scheduled free-form message released outside the window with outside_window", async () => {
    const org = await organizationWithDesk();
    await inbound(org, "Hello?");
    const scheduled = await send(org, {
      body: "Reminder",
      schedule_at: new Date(Date.now() + 1500).toISOString(),
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.data.delivery_status).toBe("scheduled");
    await sql`update messages set created_at = now() - interval '25 hours'
      where organization_id = ${org.id} and direction = 'INBOUND'`.execute(stack.db.db);
    await waitFor(
      async () => {
        const messages = await messagesOf(org, scheduled.body.data.conversation_id);
        return (
          messages.find((m: { id: string }) => m.id === scheduled.body.data.id)?.delivery_status === "failed"
        );
      },
      { description: "the scheduled message to fail" },
    );
    const messages = await messagesOf(org, scheduled.body.data.conversation_id);
    expect(messages.find((m: { id: string }) => m.id === scheduled.body.data.id)).toMatchObject({
      error_code: "outside_window",
    });
    await settled(stack);
    expect(await commands(org.id)).toEqual([]);
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ["neither body nor template", {}, "body"],
    ["both body and template", { body: "hi", template: TEMPLATE }, "body"],
    ["a template without a language", { template: { name: "x" } }, "template.language"],
    [
      "two attachments",
      { attachments: ["https://a.example/1.png", "https://a.example/2.png"] },
      "attachments",
    ],
    ["an unknown from", { from: "+15559999999", template: TEMPLATE }, "from"],
    ["a bad schedule_at", { template: TEMPLATE, schedule_at: "tomorrow" }, "schedule_at"],
  ];
  for (const [what, body, field] of invalid) {
    it(`answers 422 naming ${field} for ${what}`, async () => {
      const org = await organizationWithDesk();
      const res = await send(org, body);
      expect(res.status).toBe(422);
      expect(fields(res.body)).toContain(field);
      await settled(stack);
      expect(await commands(org.id)).toEqual([]);
    });
  }

  it("treats an SMS channel's number as an unknown from", async () => {
    const org = await stack.createOrganization();
    await org.createChannel("+15550002222");
    const res = await org.call("POST", "/messaging/whatsapp", {
      from: "+15550002222",
      to: PAT,
      template: TEMPLATE,
    });
    expect(res.status).toBe(422);
    expect(fields(res.body)).toEqual(["from"]);
  });

  it("answers 401 without the internal token and 404 for another organization's conversation", async () => {
    const res = await fetch(`${stack.conversations.url}/v1/messaging/whatsapp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: DESK, to: PAT, template: TEMPLATE }),
    });
    expect(res.status).toBe(401);
    const org = await organizationWithDesk();
    const other = await organizationWithDesk();
    const sent = await send(org, { template: TEMPLATE });
    expect(sent.status).toBe(201);
    const path = `/conversations/${sent.body.data.conversation_id}`;
    expect((await org.call("GET", path)).status).toBe(200);
    expect((await other.call("GET", path)).status).toBe(404);
    expect((await other.call("GET", `${path}/messages`)).status).toBe(404);
  });
});

describe("whatsapp statuses", () => {
  it("moves sent → delivered → read, ignores a late delivered, and keeps Meta's failure", async () => {
    const org = await organizationWithDesk();
    const sent = await send(org, { template: TEMPLATE });
    const id = sent.body.data.id;
    const statusOf = async () =>
      (await messagesOf(org, sent.body.data.conversation_id)).find((m: { id: string }) => m.id === id);
    await reportWhatsAppStatus(stack, org.id, {
      message_id: id,
      channel_id: org.channelId,
      status: "sent",
      provider_message_id: "wamid.out1",
    });
    expect(await statusOf()).toMatchObject({ delivery_status: "sent", provider_message_id: "wamid.out1" });
    await reportWhatsAppStatus(stack, org.id, {
      message_id: id,
      channel_id: org.channelId,
      status: "delivered",
    });
    expect((await statusOf()).delivery_status).toBe("delivered");
    await reportWhatsAppStatus(stack, org.id, { message_id: id, channel_id: org.channelId, status: "read" });
    expect((await statusOf()).delivery_status).toBe("read");
    await reportWhatsAppStatus(stack, org.id, {
      message_id: id,
      channel_id: org.channelId,
      status: "delivered",
    });
    expect((await statusOf()).delivery_status).toBe("read");

    const second = await send(org, { template: TEMPLATE });
    await reportWhatsAppStatus(stack, org.id, {
      message_id: second.body.data.id,
      channel_id: org.channelId,
      status: "failed",
      error_code: "131026",
      error_message: "Message undeliverable",
    });
    const failed = (await messagesOf(org, second.body.data.conversation_id)).find(
      (m: { id: string }) => m.id === second.body.data.id,
    );
    expect(failed).toMatchObject({
      delivery_status: "failed",
      error_code: "131026",
      error_message: "Message undeliverable",
    });
    // A failure never records an opt-out: the next template still goes.
    expect((await send(org, { template: TEMPLATE })).status).toBe(201);
  });
});

describe("inbound whatsapp", () => {
  it("stores one received message per provider id, with media by Meta id, and counts unread", async () => {
    const org = await organizationWithDesk();
    const first = await inbound(org, "photo of the receipt", {
      provider_message_id: "wamid.dup",
      type: "image",
      media: [{ id: "media-123", mime_type: "image/jpeg" }],
    });
    await inbound(org, "photo of the receipt", { provider_message_id: "wamid.dup", type: "image" });
    expect(first.id).toBeDefined();
    const list = await org.call("GET", "/conversations");
    const conversation = list.body.data.find((c: { channel_id: string }) => c.channel_id === org.channelId);
    expect(conversation).toMatchObject({ unread_count: 1, channel_type: "whatsapp" });
    const messages = await messagesOf(org, conversation.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      type: "whatsapp",
      direction: "INBOUND",
      delivery_status: "received",
      body: "photo of the receipt",
      from: PAT,
      provider_message_id: "wamid.dup",
      attachments: ["media-123"],
      media: [{ url: "media-123", content_type: "image/jpeg" }],
    });
  });

  it("STOP opts out with one free-form confirmation; the next send is 422; START opts back in", async () => {
    const org = await organizationWithDesk();
    await inbound(org, "Hello");
    await inbound(org, " stop ");
    await inbound(org, "STOP");
    await settled(stack);
    const handed = await commands(org.id);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toMatchObject({ kind: "text", to: "15557654321" });
    expect(handed[0]?.body).toMatch(/unsubscribed/);
    const refused = await send(org, { template: TEMPLATE });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/opted out/);

    await inbound(org, "START");
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.body)).toEqual([
      expect.stringMatching(/unsubscribed/),
      expect.stringMatching(/resubscribed/),
    ]);
    expect((await send(org, { template: TEMPLATE })).status).toBe(201);
  });

  it("answers HELP with the channel's help text and sends the automatic reply once per cooldown", async () => {
    const org = await organizationWithDesk({
      help_text: "Call us at 555-0100.",
      automatic_response_open: "Thanks, we will answer soon.",
      automatic_response_closed: "Thanks, we will answer soon.",
    });
    await inbound(org, "help");
    await inbound(org, "Are you open?");
    await inbound(org, "Hello?");
    await settled(stack);
    expect((await commands(org.id)).map((c) => c.body)).toEqual([
      "Call us at 555-0100.",
      "Thanks, we will answer soon.",
    ]);
  });
});
