import { SendWhatsAppMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { WHATSAPP_MAGIC_NUMBERS } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishSend, statusEvents, statusOf } from "./events.js";
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

const base = () => ({ message_id: crypto.randomUUID(), channel_id: channelId, to: "+15551230001" });

describe("sending", () => {
  it("posts a text as Meta expects and reports sent with the wamid", async () => {
    const command = await publishSend(stack, org, { ...base(), kind: "text", body: "Table for two at 8" });
    const sent = await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    const message = await stack.graph.waitForMessage(
      (m) => m.wamid === (sent.data as { provider_message_id: string }).provider_message_id,
    );
    expect(message.phoneNumberId).toBe(NUMBER.phoneNumberId);
    expect(message.apiVersion).toBe("v21.0");
    expect(message.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "15551230001",
      type: "text",
      text: { body: "Table for two at 8", preview_url: false },
      // Echoed in Meta's status webhooks: how a send of unknown outcome is recognized.
      biz_opaque_callback_data: command.data.message_id,
    });
    expect(sent.organization_id).toBe(org);
    expect(sent.data).toEqual({
      message_id: command.data.message_id,
      channel_id: channelId,
      provider_message_id: message.wamid,
      status: "sent",
    });
    expect(message.wamid).toMatch(/^wamid\./);
  });

  it("posts media by link with its caption, and a document with its filename", async () => {
    const image = await publishSend(stack, org, {
      ...base(),
      kind: "media",
      media: { type: "image", url: "https://cdn.example.com/menu.png", caption: "Tonight's menu" },
    });
    const doc = await publishSend(stack, org, {
      ...base(),
      kind: "media",
      media: { type: "document", url: "https://cdn.example.com/files/invoice-42.pdf" },
    });
    const imageSent = await stack.waitForEvent(
      statusOf(image.data.message_id, "sent"),
      "the image's sent status",
    );
    const docSent = await stack.waitForEvent(
      statusOf(doc.data.message_id, "sent"),
      "the document's sent status",
    );
    const wamidOf = (e: typeof imageSent) => (e.data as { provider_message_id: string }).provider_message_id;
    expect(stack.graph.messages.find((m) => m.wamid === wamidOf(imageSent))?.body).toMatchObject({
      type: "image",
      image: { link: "https://cdn.example.com/menu.png", caption: "Tonight's menu" },
    });
    expect(stack.graph.messages.find((m) => m.wamid === wamidOf(docSent))?.body).toMatchObject({
      type: "document",
      document: { link: "https://cdn.example.com/files/invoice-42.pdf", filename: "invoice-42.pdf" },
    });
  });

  it("posts a template with its language code and components", async () => {
    const components = [{ type: "body", parameters: [{ type: "text", text: "Ana" }] }];
    const command = await publishSend(stack, org, {
      ...base(),
      to: WHATSAPP_MAGIC_NUMBERS.outsideWindow,
      kind: "template",
      template: { name: "order_ready", language: "en_US", components },
    });
    const sent = await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    const message = stack.graph.messages.find(
      (m) => m.wamid === (sent.data as { provider_message_id: string }).provider_message_id,
    );
    expect(message?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: WHATSAPP_MAGIC_NUMBERS.outsideWindow,
      type: "template",
      template: { name: "order_ready", language: { code: "en_US" }, components },
      biz_opaque_callback_data: command.data.message_id,
    });
  });

  it("refuses a media link on a private address: failed, and Meta never sees it", async () => {
    const to = "+15551230077";
    const command = await publishSend(stack, org, {
      ...base(),
      to,
      kind: "media",
      media: { type: "image", url: "http://10.0.0.5/internal.png" },
    });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect((failed.data as { error_message: string }).error_message).toMatch(/private address/);
    expect(stack.graph.messages.some((m) => m.to === to.slice(1))).toBe(false);
  });

  it("sends a message once however often its command is delivered", async () => {
    const first = await publishSend(stack, org, { ...base(), kind: "text", body: "Only once please" });
    await stack.bus.publish(newEvent(SendWhatsAppMessage, org, first.data));
    await stack.waitForEvent(statusOf(first.data.message_id, "sent"), "a sent status");
    const marker = await publishSend(stack, org, { ...base(), kind: "text", body: "The marker" });
    await stack.waitForEvent(statusOf(marker.data.message_id, "sent"), "the marker's sent status");
    expect(
      stack.graph.messages.filter((m) => (m.body.text as { body?: string })?.body === "Only once please"),
    ).toHaveLength(1);
    expect(await statusEvents(stack, first.data.message_id)).toHaveLength(1);
  });

  it("fails a text outside the 24-hour window with Meta's 131047 and a clear message", async () => {
    const command = await publishSend(stack, org, {
      ...base(),
      to: `+${WHATSAPP_MAGIC_NUMBERS.outsideWindow}`,
      kind: "text",
      body: "Are you still there?",
    });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect(failed.data).toMatchObject({ status: "failed", error_code: "131047" });
    expect((failed.data as { error_message: string }).error_message).toMatch(
      /^outside the 24-hour window; a template is required/,
    );
    expect(failed.data).not.toHaveProperty("provider_message_id");
  });

  it("retries after a 429 and then sends", async () => {
    stack.graph.failNext(1, 429);
    const command = await publishSend(stack, org, { ...base(), kind: "text", body: "After the rate limit" });
    await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    const [row] = await stack.query<{ attempts: number; status: string }>(
      "select attempts, status from sends where message_id = $1",
      [command.data.message_id],
    );
    expect(row).toEqual({ attempts: 2, status: "sent" });
    expect(await statusEvents(stack, command.data.message_id)).toHaveLength(1);
  });
});
