import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type RunningTwilioFake,
  startTwilioFake,
  TWILIO_MAGIC_NUMBERS,
  twilioClientFor,
  waitFor,
} from "../../src/index.js";
import { param, type Receiver, startReceiver, testAccount } from "./receiver.js";

const account = testAccount();
const TO = "+14155550100";
const FROM = "+14155550199";
let fake: RunningTwilioFake;
let receiver: Receiver;

beforeAll(async () => {
  fake = await startTwilioFake({ accounts: { [account.sid]: account.token }, statusDelayMs: 2 });
  receiver = await startReceiver();
});
afterAll(async () => {
  await fake.stop();
  await receiver.close();
});
beforeEach(() => {
  fake.reset();
  receiver.requests.length = 0;
});

const client = () => twilioClientFor(fake.url, account.sid, account.token);

/** Sends a message with a status callback and waits for `count` callbacks about it. */
async function sendAndCollect(to: string, count: number, extra: { messagingServiceSid?: string } = {}) {
  const statusCallback = `${receiver.url}/webhooks/twilio/status?channel=ch_1&attempt=2`;
  const message = await client().messages.create({
    to,
    ...(extra.messagingServiceSid ? { messagingServiceSid: extra.messagingServiceSid } : { from: FROM }),
    body: "status please",
    statusCallback,
  });
  const callbacks = await waitFor(
    () => {
      const mine = receiver.requests.filter((r) => param(r, "MessageSid") === message.sid);
      return mine.length >= count && mine;
    },
    { timeoutMs: 5_000, description: `${count} status callbacks` },
  );
  return { message, callbacks, statusCallback };
}

describe("Twilio fake: status callbacks", () => {
  it("posts queued → sent → delivered, each signed so twilio.validateRequest accepts it", async () => {
    const { message, callbacks, statusCallback } = await sendAndCollect(TO, 3);
    expect(callbacks.map((c) => param(c, "MessageStatus"))).toEqual(["queued", "sent", "delivered"]);
    for (const callback of callbacks) {
      expect(callback.url).toBe(statusCallback);
      expect(callback.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const signature = String(callback.headers["x-twilio-signature"]);
      expect(twilio.validateRequest(account.token, signature, callback.url, callback.params)).toBe(true);
      expect(twilio.validateRequest("another-token", signature, callback.url, callback.params)).toBe(false);
      expect(signature).toBe(twilio.getExpectedTwilioSignature(account.token, callback.url, callback.params));
      expect(callback.params).toMatchObject({
        AccountSid: account.sid,
        ApiVersion: "2010-04-01",
        MessageSid: message.sid,
        SmsSid: message.sid,
        SmsStatus: param(callback, "MessageStatus"),
        From: FROM,
        To: TO,
      });
      expect(callback.params.ErrorCode).toBeUndefined();
    }
    expect(fake.callbacks.map((c) => [c.params.MessageStatus, c.status])).toEqual([
      ["queued", 200],
      ["sent", 200],
      ["delivered", 200],
    ]);
    const fetched = await client().messages(message.sid).fetch();
    expect(fetched.status).toBe("delivered");
    expect(fetched.dateSent).toBeInstanceOf(Date);
    expect(fetched.price).toBe("-0.00790");
  });

  it("ends in undelivered with ErrorCode 30003 for the magic undelivered number", async () => {
    const { message, callbacks } = await sendAndCollect(TWILIO_MAGIC_NUMBERS.undelivered, 3);
    expect(callbacks.map((c) => param(c, "MessageStatus"))).toEqual(["queued", "sent", "undelivered"]);
    expect(callbacks.map((c) => param(c, "ErrorCode"))).toEqual([undefined, undefined, "30003"]);
    const fetched = await client().messages(message.sid).fetch();
    expect(fetched).toMatchObject({
      status: "undelivered",
      errorCode: 30003,
      errorMessage: "Unreachable destination handset",
    });
  });

  it("ends in failed with ErrorCode 30008 for the magic failed number, never sent", async () => {
    const { callbacks } = await sendAndCollect(TWILIO_MAGIC_NUMBERS.failed, 2);
    expect(callbacks.map((c) => [param(c, "MessageStatus"), param(c, "ErrorCode")])).toEqual([
      ["queued", undefined],
      ["failed", "30008"],
    ]);
  });

  it("lets a test choose how messages to a number end", async () => {
    fake.setDeliveryOutcome(TO, { status: "undelivered", errorCode: 30006 });
    const { callbacks } = await sendAndCollect(TO, 3);
    expect(param(callbacks[2], "MessageStatus")).toBe("undelivered");
    expect(param(callbacks[2], "ErrorCode")).toBe("30006");
  });

  it("starts at accepted for a Messaging Service and names it in the callbacks", async () => {
    const service = `MG${"b".repeat(32)}`;
    const { message, callbacks } = await sendAndCollect(TO, 4, { messagingServiceSid: service });
    expect(message.status).toBe("accepted");
    expect(message.from).toBeNull();
    expect(callbacks.map((c) => param(c, "MessageStatus"))).toEqual([
      "accepted",
      "queued",
      "sent",
      "delivered",
    ]);
    expect(
      callbacks.every((c) => param(c, "MessagingServiceSid") === service && c.params.From === undefined),
    ).toBe(true);
  });

  it("records a callback the receiver refused, with its status", async () => {
    receiver.reply = { status: 500, contentType: "text/plain", body: "boom" };
    try {
      const { message } = await sendAndCollect(TO, 3);
      const last = await fake.waitForCallback(
        (c) => c.params.MessageSid === message.sid && c.params.MessageStatus === "delivered",
      );
      expect(last.status).toBe(500);
    } finally {
      receiver.reply = { status: 200, contentType: "text/xml", body: "<Response></Response>" };
    }
  });

  it("moves the status even without a StatusCallback", async () => {
    const message = await client().messages.create({ to: TO, from: FROM, body: "no callback" });
    await waitFor(async () => (await client().messages(message.sid).fetch()).status === "delivered", {
      description: "the message to be delivered",
    });
    expect(receiver.requests).toHaveLength(0);
    expect(fake.callbacks).toHaveLength(0);
  });

  it("waitForMessage finds a sent message and times out naming what it waited for", async () => {
    void client().messages.create({ to: TO, from: FROM, body: "find me" });
    const found = await fake.waitForMessage((m) => m.body === "find me");
    expect(found.to).toBe(TO);
    await expect(fake.waitForMessage((m) => m.body === "never", 50)).rejects.toThrow(
      /timed out waiting for a message/,
    );
  });
});
