import { createServer, type Server } from "node:http";
import { type EventEnvelope, SendEmailMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { type EmailStack, smtpChannel, startStack } from "./harness.js";

let stack: EmailStack;
let org: string;
let channel: { id: string; address: string };
let files: Server;
let filesUrl: string;

beforeAll(async () => {
  stack = await startStack({ ATTACHMENT_ALLOW_PRIVATE: "true" });
  org = await stack.createOrganization();
  channel = await stack.createChannel(org, smtpChannel(stack.sink));
  files = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`file at ${req.url}`);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
});
afterAll(async () => {
  files?.close();
  await stack?.stop();
});

type Send = Partial<z.input<typeof SendEmailMessage.data>> & { to: string };

async function publishSend(send: Send) {
  const messageId = crypto.randomUUID();
  const event = newEvent(SendEmailMessage, org, {
    message_id: messageId,
    channel_id: channel.id,
    from: channel.address,
    subject: "Hello",
    text: "Plain body",
    html: "<p>Plain body</p>",
    message_id_header: `<${messageId}@relay.test>`,
    ...send,
  });
  await stack.bus.publish(event);
  return event;
}

const statusOf = (messageId: string, status: string) => (event: EventEnvelope) =>
  event.type === "email.message.status" &&
  (event.data as { message_id: string }).message_id === messageId &&
  (event.data as { status: string }).status === status;

async function statusEvents(messageId: string) {
  return (await stack.events()).filter(
    (event) =>
      event.type === "email.message.status" &&
      (event.data as { message_id: string }).message_id === messageId,
  );
}

describe("sending", () => {
  it("sends exactly the command's headers and parts, then reports sent", async () => {
    const command = await publishSend({
      to: "ana@example.com",
      sender_name: "Acme Support",
      cc: ["cc@example.com"],
      bcc: ["hidden@example.com"],
      reply_to: "replies@relay.test",
      subject: "Your order",
      text: "It shipped.",
      html: "<p>It <b>shipped</b>.</p>",
      in_reply_to: "<prev@example.com>",
      references: ["<first@example.com>", "<prev@example.com>"],
      list_unsubscribe_url: "https://relay.test/u/abc",
    });
    const { message_id, message_id_header } = command.data;
    const sent = await stack.waitForEvent(statusOf(message_id, "sent"), "a sent status");
    const mail = await stack.sink.waitForMail((m) => m.messageId === message_id_header);
    expect(mail.envelope.from).toBe(channel.address);
    expect(mail.envelope.to.sort()).toEqual(["ana@example.com", "cc@example.com", "hidden@example.com"]);
    expect(mail).toMatchObject({
      from: channel.address,
      to: ["ana@example.com"],
      cc: ["cc@example.com"],
      replyTo: ["replies@relay.test"],
      subject: "Your order",
      inReplyTo: "<prev@example.com>",
      references: ["<first@example.com>", "<prev@example.com>"],
      html: "<p>It <b>shipped</b>.</p>",
    });
    expect(mail.text?.trim()).toBe("It shipped.");
    expect(mail.header("from")).toContain("Acme Support");
    expect(mail.header("bcc")).toBeUndefined();
    expect(mail.header("list-unsubscribe")).toBe("<https://relay.test/u/abc>");
    expect(mail.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(sent.organization_id).toBe(org);
    // The first version's `hard_bounce` stays beside the bounce detail, for readers of either.
    expect(sent.data).toEqual({
      message_id,
      channel_id: channel.id,
      status: "sent",
      email: { hard_bounce: false },
      hard_bounce: false,
    });
  });

  it("leaves List-Unsubscribe out when no unsubscribe URL is given", async () => {
    const command = await publishSend({ to: "plain@example.com" });
    await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    const mail = await stack.sink.waitForMail((m) => m.messageId === command.data.message_id_header);
    expect(mail.header("list-unsubscribe")).toBeUndefined();
    expect(mail.header("list-unsubscribe-post")).toBeUndefined();
  });

  it("sends a redelivered command once", async () => {
    const command = await publishSend({ to: "once@example.com" });
    await stack.bus.publish(command);
    await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    // A third copy published after the first was sent must be recognized as done too.
    await stack.bus.publish(command);
    const marker = await publishSend({ to: "marker@example.com" });
    await stack.waitForEvent(statusOf(marker.data.message_id, "sent"), "the marker sent");
    await stack.query("select 1");
    const rows = await stack.query<{ attempts: number }>("select attempts from sends where message_id = $1", [
      command.data.message_id,
    ]);
    expect(stack.sink.mails.filter((m) => m.messageId === command.data.message_id_header)).toHaveLength(1);
    expect(await statusEvents(command.data.message_id)).toHaveLength(1);
    expect(rows[0]?.attempts).toBe(1);
  });

  it("fails with the SMTP code and a hard bounce on 550", async () => {
    stack.sink.failNextRcpt(1, 550);
    const command = await publishSend({ to: "gone@example.com" });
    const failed = await stack.waitForEvent(statusOf(command.data.message_id, "failed"), "a failed status");
    expect(failed.data).toMatchObject({
      error_code: "550",
      email: { hard_bounce: true, recipient: "gone@example.com" },
      hard_bounce: true,
      recipient: "gone@example.com",
    });
    expect(stack.sink.mails.some((m) => m.messageId === command.data.message_id_header)).toBe(false);
  });

  it("retries a 451 and then sends", async () => {
    stack.sink.failNextRcpt(1, 451);
    const command = await publishSend({ to: "later@example.com" });
    await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    const rows = await stack.query<{ attempts: number }>("select attempts from sends where message_id = $1", [
      command.data.message_id,
    ]);
    expect(rows[0]?.attempts).toBe(2);
    expect(
      (await statusEvents(command.data.message_id)).map((e) => (e.data as { status: string }).status),
    ).toEqual(["sent"]);
  });

  it("attaches a file fetched by URL", async () => {
    const command = await publishSend({
      to: "files@example.com",
      attachment_urls: [`${filesUrl}/docs/invoice.txt`],
    });
    await stack.waitForEvent(statusOf(command.data.message_id, "sent"), "a sent status");
    const mail = await stack.sink.waitForMail((m) => m.messageId === command.data.message_id_header);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: "invoice.txt", contentType: "text/plain" });
    expect(mail.attachments[0]?.content.toString()).toBe("file at /docs/invoice.txt");
  });
});

describe("attachments from private addresses", () => {
  let strict: EmailStack;
  let strictOrg: string;
  let strictChannel: { id: string; address: string };
  beforeAll(async () => {
    strict = await startStack({ ATTACHMENT_ALLOW_PRIVATE: "false" });
    strictOrg = await strict.createOrganization();
    strictChannel = await strict.createChannel(strictOrg, smtpChannel(strict.sink));
  });
  afterAll(async () => {
    await strict?.stop();
  });

  it("fails the message with a clear error and sends nothing", async () => {
    const messageId = crypto.randomUUID();
    const header = `<${messageId}@relay.test>`;
    await strict.bus.publish(
      newEvent(SendEmailMessage, strictOrg, {
        message_id: messageId,
        channel_id: strictChannel.id,
        from: strictChannel.address,
        to: "x@example.com",
        text: "see attached",
        html: "<p>see attached</p>",
        attachment_urls: [`${filesUrl}/secret.txt`],
        message_id_header: header,
      }),
    );
    const failed = await strict.waitForEvent(
      (e) => e.type === "email.message.status" && (e.data as { message_id: string }).message_id === messageId,
      "a status",
    );
    expect(failed.data).toMatchObject({ status: "failed", hard_bounce: false });
    expect((failed.data as { error_message: string }).error_message).toMatch(
      /refused: private address 127\.0\.0\.1/,
    );
    expect(strict.sink.mails.some((m) => m.messageId === header)).toBe(false);
  });
});
