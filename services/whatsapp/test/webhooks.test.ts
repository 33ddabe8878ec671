import { whatsappSignature } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishSend, receivedWith, statusEvents, statusOf } from "./events.js";
import { cloudChannel, NUMBER, startStack, type WhatsAppStack } from "./harness.js";

let stack: WhatsAppStack;
let org: string;
let channelId: string;

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization();
  channelId = (await stack.createChannel(org, cloudChannel())).id;
});
afterAll(async () => {
  await stack?.stop();
});

const inbound = () => ({ url: stack.webhookUrl, phoneNumberId: NUMBER.phoneNumberId, from: "15557654321" });

describe("subscription handshake", () => {
  it("echoes the challenge for a channel's verify token", async () => {
    const answer = await stack.graph.verify({
      url: stack.webhookUrl,
      token: NUMBER.verifyToken,
      challenge: "1158201444",
    });
    expect(answer).toEqual({ status: 200, text: "1158201444" });
  });

  it("accepts the sandbox's verify token", async () => {
    const answer = await stack.graph.verify({
      url: stack.webhookUrl,
      token: "sandbox_whatsapp_verify_token",
      challenge: "42",
    });
    expect(answer).toEqual({ status: 200, text: "42" });
  });

  it("refuses an unknown token or another mode with 403", async () => {
    expect((await stack.graph.verify({ url: stack.webhookUrl, token: "guess", challenge: "1" })).status).toBe(
      403,
    );
    const wrongMode = await stack.graph.verify({
      url: stack.webhookUrl,
      token: NUMBER.verifyToken,
      challenge: "1",
      mode: "unsubscribe",
    });
    expect(wrongMode.status).toBe(403);
  });
});

describe("inbound messages", () => {
  it("announces a text with the contact's number in E.164", async () => {
    const sent = await stack.graph.sendInboundText({ ...inbound(), body: "Do you have a table tonight?" });
    expect(sent.status).toBe(200);
    const event = await stack.waitForEvent(receivedWith(sent.id), "the received text");
    expect(event.organization_id).toBe(org);
    expect(event.data).toMatchObject({
      channel_id: channelId,
      provider_message_id: sent.id,
      from: "+15557654321",
      to: `+${NUMBER.display}`,
      type: "text",
      body: "Do you have a table tonight?",
      media: [],
    });
  });

  it("announces media with its id, mime type and caption", async () => {
    const sent = await stack.graph.sendInboundMedia({
      ...inbound(),
      mediaType: "image",
      mediaId: "1234567890123456",
      mimeType: "image/jpeg",
      caption: "The broken glass",
    });
    const event = await stack.waitForEvent(receivedWith(sent.id), "the received image");
    expect(event.data).toMatchObject({
      type: "image",
      body: "",
      media: [{ id: "1234567890123456", mime_type: "image/jpeg", caption: "The broken glass" }],
    });
  });

  it("turns template button and interactive replies into their text", async () => {
    const button = await stack.graph.sendButtonReply({
      ...inbound(),
      text: "Confirm booking",
      payload: "CONFIRM",
    });
    const reply = await stack.graph.sendButtonReply({
      ...inbound(),
      text: "Cancel",
      kind: "interactive",
      payload: "c-1",
    });
    const buttonEvent = await stack.waitForEvent(receivedWith(button.id), "the button reply");
    const replyEvent = await stack.waitForEvent(receivedWith(reply.id), "the interactive reply");
    expect(buttonEvent.data).toMatchObject({ type: "button", body: "Confirm booking" });
    expect(replyEvent.data).toMatchObject({ type: "interactive", body: "Cancel" });
  });

  it("announces a webhook delivered twice once", async () => {
    const first = await stack.graph.sendInboundText({ ...inbound(), body: "Twice?" });
    const again = await stack.graph.postSigned(stack.webhookUrl, first.payload, {
      appSecret: NUMBER.appSecret,
    });
    expect(again.status).toBe(200);
    await stack.waitForEvent(receivedWith(first.id), "the received text");
    const marker = await stack.graph.sendInboundText({ ...inbound(), body: "marker" });
    await stack.waitForEvent(receivedWith(marker.id), "the marker");
    expect((await stack.events()).filter(receivedWith(first.id))).toHaveLength(1);
  });

  it("refuses a bad or missing signature with 403 and stores nothing", async () => {
    const forged = await stack.graph.sendInboundText({
      ...inbound(),
      body: "Forged",
      appSecret: "not-the-secret",
    });
    const unsigned = await stack.graph.sendInboundText({ ...inbound(), body: "Unsigned", signature: null });
    const tampered = await stack.graph.sendInboundText({
      ...inbound(),
      body: "Tampered",
      signature: whatsappSignature(NUMBER.appSecret, "{}"),
    });
    expect([forged.status, unsigned.status, tampered.status]).toEqual([403, 403, 403]);
    const marker = await stack.graph.sendInboundText({ ...inbound(), body: "after the forgeries" });
    await stack.waitForEvent(receivedWith(marker.id), "the marker");
    const events = await stack.events();
    for (const id of [forged.id, unsigned.id, tampered.id])
      expect(events.filter(receivedWith(id))).toHaveLength(0);
    const rows = await stack.query("select 1 from webhooks where provider_id = any($1)", [
      [forged.id, unsigned.id, tampered.id],
    ]);
    expect(rows).toHaveLength(0);
  });

  it("refuses an unsigned or wrongly signed POST with 403 whatever the body holds", async () => {
    const empty = { object: "whatsapp_business_account", entry: [] };
    const post = (body: unknown, signature: string | null) =>
      stack.graph.postSigned(stack.webhookUrl, body, { appSecret: NUMBER.appSecret, signature });
    expect((await post(empty, null)).status).toBe(403);
    expect((await post(empty, "sha256=nothex")).status).toBe(403);
    expect((await post(empty, whatsappSignature("not-the-secret", JSON.stringify(empty)))).status).toBe(403);
    expect((await post("not json", null)).status).toBe(403);
    const other = {
      object: "whatsapp_business_account",
      entry: [{ changes: [{ field: "account_update", value: {} }] }],
    };
    expect((await post(other, whatsappSignature("not-the-secret", JSON.stringify(other)))).status).toBe(403);
  });
});

describe("statuses", () => {
  async function sentMessage() {
    const command = await publishSend(stack, org, {
      message_id: crypto.randomUUID(),
      channel_id: channelId,
      to: "+15551230002",
      kind: "text",
      body: "Your order is on its way",
    });
    const sent = await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    return {
      messageId: command.data.message_id,
      wamid: (sent.data as { provider_message_id: string }).provider_message_id,
    };
  }
  const status = (wamid: string, value: "sent" | "delivered" | "read" | "failed") =>
    stack.graph.sendStatus({
      url: stack.webhookUrl,
      phoneNumberId: NUMBER.phoneNumberId,
      wamid,
      status: value,
    });

  it("reports delivered then read for our message id, once each", async () => {
    const { messageId, wamid } = await sentMessage();
    expect((await status(wamid, "delivered")).status).toBe(200);
    await stack.waitForEvent(statusOf(messageId, "delivered"), "a delivered status");
    await status(wamid, "delivered");
    await status(wamid, "sent");
    await status(wamid, "read");
    const read = await stack.waitForEvent(statusOf(messageId, "read"), "a read status");
    expect(read.data).toEqual({
      message_id: messageId,
      channel_id: channelId,
      provider_message_id: wamid,
      status: "read",
    });
    const statuses = (await statusEvents(stack, messageId)).map((e) => (e.data as { status: string }).status);
    expect(statuses).toEqual(["sent", "delivered", "read"]);
  });

  it("reports failed with Meta's error code and title", async () => {
    const { messageId, wamid } = await sentMessage();
    await stack.graph.sendStatus({
      url: stack.webhookUrl,
      phoneNumberId: NUMBER.phoneNumberId,
      wamid,
      status: "failed",
      errors: [{ code: 131026, title: "Message undeliverable" }],
    });
    const failed = await stack.waitForEvent(statusOf(messageId, "failed"), "a failed status");
    expect(failed.data).toMatchObject({ error_code: "131026", error_message: "Message undeliverable" });
  });

  it("ignores statuses of messages we did not send", async () => {
    const answer = await status("wamid.not-ours", "delivered");
    expect(answer.status).toBe(200);
    const rows = await stack.query<{ applied: boolean }>(
      "select applied from webhooks where provider_id = $1",
      ["wamid.not-ours"],
    );
    expect(rows).toEqual([{ applied: false }]);
    const events = await stack.events();
    expect(
      events.some(
        (e) => (e.data as { provider_message_id?: string }).provider_message_id === "wamid.not-ours",
      ),
    ).toBe(false);
  });
});
