import { type EventEnvelope, SendPhoneMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { TWILIO_MAGIC_NUMBERS } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, type PhoneStack, SANDBOX, startStack, twilioChannel } from "./harness.js";

let stack: PhoneStack;
let org: string;
let channel: { id: string; phone: string };

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization();
  channel = await stack.createChannel(org, twilioChannel());
});
afterAll(async () => {
  await stack?.stop();
});

interface Send {
  to: string;
  body?: string;
  media_urls?: string[];
  channel?: { id: string; phone: string };
  messageId?: string;
}

/** Publishes `cmd.phone.send` to CMD_PHONE as conversations' relay would; returns the event. */
async function publishSend(send: Send) {
  const on = send.channel ?? channel;
  const event = newEvent(SendPhoneMessage, org, {
    message_id: send.messageId ?? crypto.randomUUID(),
    channel_id: on.id,
    from: on.phone,
    to: send.to,
    body: send.body,
    media_urls: send.media_urls ?? [],
  });
  await stack.bus.publish(event);
  return event;
}

const statusOf =
  (messageId: string, status: string) =>
  (event: EventEnvelope): boolean =>
    event.type === "phone.message.status" &&
    (event.data as { message_id: string; status: string }).message_id === messageId &&
    (event.data as { status: string }).status === status;

async function statusEvents(messageId: string) {
  return (await stack.events()).filter(
    (event) =>
      event.type === "phone.message.status" &&
      (event.data as { message_id: string }).message_id === messageId,
  );
}

describe("sending", () => {
  it("calls Twilio with exactly the command's message and a status callback, then reports sent and delivered", async () => {
    const command = await publishSend({
      to: "+15005550006",
      body: "Your table is ready",
      media_urls: ["https://cdn.example.com/menu.png"],
    });
    const messageId = command.data.message_id;
    const sent = await stack.waitForEvent(statusOf(messageId, "sent"), "a sent status");
    const [message] = stack.twilio.messages.filter((m) => m.body === "Your table is ready");
    expect(message).toMatchObject({
      accountSid: ACCOUNT.sid,
      to: "+15005550006",
      from: channel.phone,
      body: "Your table is ready",
      mediaUrls: ["https://cdn.example.com/menu.png"],
      statusCallback: `${stack.phone.url}/webhooks/twilio/status?send=${messageId}`,
    });
    expect(sent.organization_id).toBe(org);
    expect(sent.data).toEqual({
      message_id: messageId,
      channel_id: channel.id,
      provider_message_id: message?.sid,
      status: "sent",
    });

    // The fake posts signed callbacks (queued, sent, delivered) to phone's own URL.
    const delivered = await stack.waitForEvent(statusOf(messageId, "delivered"), "a delivered status");
    expect(delivered.data).toMatchObject({ provider_message_id: message?.sid, status: "delivered" });
    await stack.twilio.waitForCallback(
      (c) => c.params.MessageSid === message?.sid && c.params.MessageStatus === "delivered",
    );
    const callbacks = stack.twilio.callbacks.filter((c) => c.params.MessageSid === message?.sid);
    expect(callbacks.map((c) => c.params.MessageStatus)).toContain("queued");
    expect(callbacks.map((c) => c.status)).toEqual(callbacks.map(() => 200));
    // Forward only: `sent` is reported once, though Twilio said queued and sent too.
    expect((await statusEvents(messageId)).map((e) => (e.data as { status: string }).status)).toEqual([
      "sent",
      "delivered",
    ]);
    // Callbacks naming a known send only move it forward: nothing is stored for them.
    expect(await stack.query("select id from webhooks where provider_id = $1", [message?.sid])).toEqual([]);
  });

  it("applies a callback for the send its URL names before Twilio's answer is recorded", async () => {
    // Twilio is slow to answer the create: its callbacks arrive first and adopt the sid.
    stack.twilio.delayResponses(300);
    const command = await publishSend({ to: "+15005550006", body: "Callbacks first" });
    const messageId = command.data.message_id;
    const delivered = await stack.waitForEvent(statusOf(messageId, "delivered"), "a delivered status");
    stack.twilio.delayResponses(0);
    const [message] = stack.twilio.messages.filter((m) => m.body === "Callbacks first");
    expect(delivered.data).toMatchObject({ provider_message_id: message?.sid });
    const [row] = await stack.query<{ status: string; provider_message_id: string }>(
      "select status, provider_message_id from sends where message_id = $1",
      [messageId],
    );
    expect(row).toEqual({ status: "delivered", provider_message_id: message?.sid });
    expect((await statusEvents(messageId)).map((e) => (e.data as { status: string }).status)).toEqual([
      "sent",
      "delivered",
    ]);
  });

  it("sends a message once however often its command is delivered", async () => {
    const first = await publishSend({ to: "+15005550006", body: "Only once" });
    // The same command again under another envelope id (JetStream would drop an identical one).
    const again = newEvent(SendPhoneMessage, org, first.data);
    await stack.bus.publish(again);
    const messageId = first.data.message_id;
    await stack.waitForEvent(statusOf(messageId, "delivered"), "a delivered status");
    const marker = await publishSend({ to: "+15005550006", body: "After the duplicate" });
    await stack.waitForEvent(statusOf(marker.data.message_id, "sent"), "the marker's sent status");

    expect(stack.twilio.messages.filter((m) => m.body === "Only once")).toHaveLength(1);
    expect(
      (await statusEvents(messageId)).filter((e) => (e.data as { status: string }).status === "sent"),
    ).toHaveLength(1);
    const [row] = await stack.query<{ attempts: number }>(
      "select attempts from sends where message_id = $1",
      [messageId],
    );
    expect(row?.attempts).toBe(1);
  });

  it("fails a message Twilio rejects as invalid (21211) with Twilio's code and message", async () => {
    const command = await publishSend({ to: TWILIO_MAGIC_NUMBERS.invalid, body: "Nope" });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect(failed.data).toMatchObject({
      status: "failed",
      error_code: "21211",
      error_message: `The 'To' number ${TWILIO_MAGIC_NUMBERS.invalid} is not a valid phone number.`,
    });
    expect(failed.data).not.toHaveProperty("provider_message_id");
  });

  it("reports 21610 for a recipient who opted out at the carrier, so conversations can record it", async () => {
    const command = await publishSend({ to: TWILIO_MAGIC_NUMBERS.unsubscribed, body: "Hello again" });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect(failed.data).toMatchObject({
      error_code: "21610",
      error_message: "Attempt to send to unsubscribed recipient",
    });
    expect(stack.twilio.messages.some((m) => m.body === "Hello again")).toBe(false);
  });

  it("reports undelivered with the carrier's error code from the status callback", async () => {
    const command = await publishSend({ to: TWILIO_MAGIC_NUMBERS.undelivered, body: "Into the void" });
    const undelivered = await stack.waitForEvent(
      statusOf(command.data.message_id, "undelivered"),
      "an undelivered status",
    );
    expect(undelivered.data).toMatchObject({
      error_code: "30003",
      error_message: "Unreachable destination handset",
    });
  });

  it("retries when Twilio answers 429, and sends once it accepts", async () => {
    stack.twilio.failNext(1, 429);
    const command = await publishSend({ to: "+15005550006", body: "Busy signal" });
    await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    expect(stack.twilio.messages.filter((m) => m.body === "Busy signal")).toHaveLength(1);
    const [row] = await stack.query<{ attempts: number }>(
      "select attempts from sends where message_id = $1",
      [command.data.message_id],
    );
    expect(row?.attempts).toBe(2);
    expect(await statusEvents(command.data.message_id)).not.toContainEqual(
      expect.objectContaining({ data: expect.objectContaining({ status: "failed" }) }),
    );
  });

  it("gives up after SEND_MAX_ATTEMPTS server errors and reports failed with Twilio's code", async () => {
    stack.twilio.failNext(3, 500);
    const command = await publishSend({ to: "+15005550006", body: "Server on fire" });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect(failed.data).toMatchObject({ error_code: "20500" });
    const [row] = await stack.query<{ attempts: number }>(
      "select attempts from sends where message_id = $1",
      [command.data.message_id],
    );
    expect(row?.attempts).toBe(3);
    expect(stack.twilio.messages.some((m) => m.body === "Server on fire")).toBe(false);
  });

  it("sends a sandbox channel's messages to the sandbox API with the sandbox account", async () => {
    const sandboxChannel = await stack.createChannel(org, {
      type: "phone",
      name: "Dev line",
      phone: "+14155550142",
    });
    const command = await publishSend({
      channel: sandboxChannel,
      to: "+15005550006",
      body: "From the sandbox",
    });
    await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    expect(stack.sandbox.messages.filter((m) => m.body === "From the sandbox")).toEqual([
      expect.objectContaining({ accountSid: SANDBOX.sid, from: "+14155550142", to: "+15005550006" }),
    ]);
    expect(stack.twilio.messages.some((m) => m.body === "From the sandbox")).toBe(false);
    await stack.waitForEvent(statusOf(command.data.message_id, "delivered"), "a delivered status");
  });

  it("fails a command for a channel that does not exist, without calling Twilio", async () => {
    const ghost = { id: crypto.randomUUID(), phone: "+14155550143" };
    const command = await publishSend({ channel: ghost, to: "+15005550006", body: "To nowhere" });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect(failed.data).toMatchObject({ channel_id: ghost.id, error_message: "channel not found" });
    expect(stack.twilio.messages.some((m) => m.body === "To nowhere")).toBe(false);
  });

  it.each([
    ["a loopback address", "http://127.0.0.1:8081/v1/contacts"],
    ["cloud metadata", "http://169.254.169.254/latest/meta-data/"],
    ["a name resolving to loopback", "http://localhost/secret.png"],
    ["an IPv4-mapped IPv6 private address", "http://[::ffff:10.0.0.1]/x.png"],
  ])("refuses MMS media on %s: failed, naming the field, and Twilio never sees it", async (_, url) => {
    const body = `media ${url}`;
    const command = await publishSend({
      to: "+15005550006",
      body,
      media_urls: ["https://cdn.example.com/ok.png", url],
    });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect(failed.data).toMatchObject({ error_code: "validation_failed" });
    expect((failed.data as { error_message: string }).error_message).toMatch(/private address|this machine/);
    expect(stack.twilio.messages.some((m) => m.body === body)).toBe(false);
  });
});
