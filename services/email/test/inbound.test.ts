import { type EventEnvelope, SendEmailMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { deliverBounce, deliverMail } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailStack, smtpChannel, startStack } from "./harness.js";

let stack: EmailStack;
let org: string;
let channel: { id: string; address: string };

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization();
  channel = await stack.createChannel(org, smtpChannel(stack.sink));
});
afterAll(async () => {
  await stack?.stop();
});

const receivedWith = (messageId: string) => (event: EventEnvelope) =>
  event.type === "email.message.received" &&
  (event.data as { provider_message_id: string }).provider_message_id === messageId;

describe("inbound mail", () => {
  it("stores and reports a reply without its quoted history, with threading headers and attachments", async () => {
    const messageId = `<${crypto.randomUUID()}@customer.example>`;
    const fullText =
      "Friday works for me.\n\nOn Tue, 3 Jun 2025 at 10:00, Support <s@relay.test> wrote:\n> Does Friday work?\n";
    await deliverMail({
      port: stack.email.smtpPort,
      from: "Ana Example <ana@customer.example>",
      to: channel.address,
      subject: "Re: Appointment",
      text: fullText,
      html: "<p>Friday works for me.</p>",
      messageId,
      inReplyTo: "<ours-1@relay.test>",
      references: ["<ours-0@relay.test>", "<ours-1@relay.test>"],
      attachments: [{ filename: "note.txt", content: "hello attachment", contentType: "text/plain" }],
    });
    const received = await stack.waitForEvent(receivedWith(messageId), "a received event");
    expect(received.organization_id).toBe(org);
    expect(received.data).toMatchObject({
      channel_id: channel.id,
      from: "ana@customer.example",
      from_name: "Ana Example",
      to: [channel.address],
      subject: "Re: Appointment",
      text: "Friday works for me.",
      html: "<p>Friday works for me.</p>",
      in_reply_to: "<ours-1@relay.test>",
      references: ["<ours-0@relay.test>", "<ours-1@relay.test>"],
    });
    const data = received.data as {
      full_text: string;
      attachments: { url: string; size: number; filename: string }[];
    };
    expect(data.full_text).toContain("> Does Friday work?");
    expect(data.attachments).toHaveLength(1);
    expect(data.attachments[0]).toMatchObject({ filename: "note.txt", size: 16 });
    const id = data.attachments[0]?.url.split("/").pop();
    const res = await fetch(`${stack.email.url}/webhooks/email/attachments/${id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hello attachment");
  });

  it("refuses mail for an address no channel owns", async () => {
    await expect(
      deliverMail({
        port: stack.email.smtpPort,
        from: "a@customer.example",
        to: "nobody@relay.test",
        subject: "x",
        text: "x",
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it("stores a duplicate delivery once", async () => {
    const messageId = `<${crypto.randomUUID()}@customer.example>`;
    const mail = {
      port: stack.email.smtpPort,
      from: "b@customer.example",
      to: channel.address,
      subject: "dup",
      text: "twice",
      messageId,
    };
    await deliverMail(mail);
    await deliverMail(mail);
    await stack.waitForEvent(receivedWith(messageId), "a received event");
    const rows = await stack.query("select id from inbound_messages where provider_message_id = $1", [
      messageId,
    ]);
    // Both deliveries were answered 250 before this point, so both were fully processed.
    expect(rows).toHaveLength(1);
    expect((await stack.events()).filter(receivedWith(messageId))).toHaveLength(1);
  });
});

describe("bounces", () => {
  it("marks our message undelivered with the reason, without a received event", async () => {
    const messageId = crypto.randomUUID();
    const header = `<${messageId}@relay.test>`;
    await stack.bus.publish(
      newEvent(SendEmailMessage, org, {
        message_id: messageId,
        channel_id: channel.id,
        from: channel.address,
        to: "typo@customer.example",
        text: "hi",
        html: "<p>hi</p>",
        message_id_header: header,
      }),
    );
    const isStatus = (status: string) => (e: EventEnvelope) =>
      e.type === "email.message.status" &&
      (e.data as { message_id: string }).message_id === messageId &&
      (e.data as { status: string }).status === status;
    await stack.waitForEvent(isStatus("sent"), "a sent status");
    const before = (await stack.events()).filter((e) => e.type === "email.message.received").length;
    await deliverBounce({
      port: stack.email.smtpPort,
      to: channel.address,
      originalMessageId: header,
      recipient: "typo@customer.example",
      status: "5.1.1",
      diagnostic: "550 5.1.1 user unknown",
    });
    const undelivered = await stack.waitForEvent(isStatus("undelivered"), "an undelivered status");
    expect(undelivered.data).toMatchObject({
      channel_id: channel.id,
      error_code: "5.1.1",
      error_message: "550 5.1.1 user unknown",
      hard_bounce: true,
      recipient: "typo@customer.example",
    });
    expect((await stack.events()).filter((e) => e.type === "email.message.received")).toHaveLength(before);
    expect(
      await stack.query("select id from inbound_messages where subject like 'Undelivered%'"),
    ).toHaveLength(0);
  });
});
