import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningTwilioFake, startTwilioFake } from "../../src/index.js";
import { param, type ReceivedRequest, type Receiver, startReceiver, testAccount } from "./receiver.js";

const account = testAccount();
const CONTACT = "+14155550123";
const CHANNEL = "+14155550999";
let fake: RunningTwilioFake;
let receiver: Receiver;

beforeAll(async () => {
  fake = await startTwilioFake({ accounts: { [account.sid]: account.token } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await fake.stop();
  await receiver.close();
});
beforeEach(() => {
  fake.reset();
  receiver.requests.length = 0;
  receiver.reply = { status: 200, contentType: "text/xml", body: "<Response></Response>" };
});

function lastRequest(): ReceivedRequest {
  const request = receiver.requests.at(-1);
  if (!request) throw new Error("the receiver got nothing");
  return request;
}

function signatureValid(request: ReceivedRequest, token = account.token): boolean {
  return twilio.validateRequest(
    token,
    String(request.headers["x-twilio-signature"]),
    request.url,
    request.params,
  );
}

describe("Twilio fake: inbound SMS/MMS webhooks", () => {
  it("posts Twilio's inbound SMS params, signed", async () => {
    const result = await fake.sendInboundSms({
      url: `${receiver.url}/webhooks/twilio/sms`,
      accountSid: account.sid,
      from: CONTACT,
      to: CHANNEL,
      body: "Hi there, é ✓",
    });
    const request = lastRequest();
    expect(result.status).toBe(200);
    expect(result.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(request.path).toBe("/webhooks/twilio/sms");
    expect(request.params).toMatchObject({
      MessageSid: result.messageSid,
      SmsSid: result.messageSid,
      SmsMessageSid: result.messageSid,
      AccountSid: account.sid,
      From: CONTACT,
      To: CHANNEL,
      Body: "Hi there, é ✓",
      NumMedia: "0",
      NumSegments: "1",
      SmsStatus: "received",
      ApiVersion: "2010-04-01",
      FromCountry: "US",
      ToCountry: "US",
      FromCity: "",
    });
    expect(request.params.MediaUrl0).toBeUndefined();
    expect(request.headers["user-agent"]).toBe("TwilioProxy/1.1");
    expect(request.headers["i-twilio-idempotency-token"]).toBeTruthy();
    expect(signatureValid(request)).toBe(true);
    expect(signatureValid(request, "not-the-token")).toBe(false);
  });

  it("posts an MMS with MM sid, NumMedia and numbered MediaUrl/MediaContentType", async () => {
    const result = await fake.sendInboundSms({
      url: `${receiver.url}/webhooks/twilio/sms?tenant=a%20b`,
      accountSid: account.sid,
      from: CONTACT,
      to: CHANNEL,
      mediaUrls: [
        { url: "https://media.example.com/1.jpg", contentType: "image/jpeg" },
        { url: "https://media.example.com/2.pdf", contentType: "application/pdf" },
      ],
    });
    const request = lastRequest();
    expect(result.messageSid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(request.params).toMatchObject({
      Body: "",
      NumMedia: "2",
      MediaUrl0: "https://media.example.com/1.jpg",
      MediaContentType0: "image/jpeg",
      MediaUrl1: "https://media.example.com/2.pdf",
      MediaContentType1: "application/pdf",
    });
    expect(request.url).toContain("?tenant=a%20b");
    expect(signatureValid(request)).toBe(true);
  });

  it("reuses a given MessageSid, as Twilio does when it retries a webhook", async () => {
    const first = await fake.sendInboundSms({
      url: receiver.url,
      accountSid: account.sid,
      from: CONTACT,
      to: CHANNEL,
      body: "a",
    });
    await fake.sendInboundSms({
      url: receiver.url,
      accountSid: account.sid,
      from: CONTACT,
      to: CHANNEL,
      body: "a",
      messageSid: first.messageSid,
    });
    expect(receiver.requests.map((r) => param(r, "MessageSid"))).toEqual([
      first.messageSid,
      first.messageSid,
    ]);
  });

  it("records TwiML <Message> replies as messages sent back to the contact", async () => {
    receiver.reply = {
      status: 200,
      contentType: "text/xml",
      body: '<?xml version="1.0" encoding="UTF-8"?><Response><Message>You are unsubscribed &amp; will get no more messages.</Message></Response>',
    };
    const result = await fake.sendInboundSms({
      url: receiver.url,
      accountSid: account.sid,
      from: CONTACT,
      to: CHANNEL,
      body: "STOP",
    });
    expect(result.replies).toHaveLength(1);
    expect(result.replies[0]).toMatchObject({
      to: CONTACT,
      from: CHANNEL,
      body: "You are unsubscribed & will get no more messages.",
      direction: "outbound-reply",
    });
    expect(fake.messages.map((m) => m.body)).toEqual(["You are unsubscribed & will get no more messages."]);
  });

  it("returns the platform's refusal as is, and records no reply", async () => {
    receiver.reply = { status: 403, contentType: "application/json", body: '{"error":"bad signature"}' };
    const result = await fake.sendInboundSms({
      url: receiver.url,
      accountSid: account.sid,
      from: CONTACT,
      to: CHANNEL,
      body: "x",
    });
    expect(result).toMatchObject({ status: 403, body: '{"error":"bad signature"}', replies: [] });
  });

  it("refuses to sign for an account it does not know", async () => {
    await expect(
      fake.sendInboundSms({
        url: receiver.url,
        accountSid: `AC${"9".repeat(32)}`,
        from: CONTACT,
        to: CHANNEL,
        body: "x",
      }),
    ).rejects.toThrow(/no account/);
  });
});

describe("Twilio fake: postSigned", () => {
  const params = { MessageSid: "SM123", Body: "tampered?", To: CHANNEL };

  it("signs with the token it is given: a wrong token fails validation", async () => {
    await fake.postSigned(receiver.url, params, { authToken: "wrong-token" });
    expect(signatureValid(lastRequest())).toBe(false);
    await fake.postSigned(receiver.url, params, { authToken: account.token });
    expect(signatureValid(lastRequest())).toBe(true);
  });

  it("sends a given signature, or none", async () => {
    await fake.postSigned(receiver.url, params, { authToken: account.token, signature: "bogus=" });
    expect(lastRequest().headers["x-twilio-signature"]).toBe("bogus=");
    await fake.postSigned(receiver.url, params, { authToken: account.token, signature: null });
    expect(lastRequest().headers["x-twilio-signature"]).toBeUndefined();
  });
});

describe("Twilio fake: voice webhooks", () => {
  it("places an inbound call and returns the platform's TwiML", async () => {
    const twiml = '<Response><Say>Thanks for calling</Say><Record maxLength="60"/></Response>';
    receiver.reply = { status: 200, contentType: "text/xml", body: twiml };
    const result = await fake.placeInboundCall({
      url: `${receiver.url}/webhooks/twilio/voice`,
      accountSid: account.sid,
      from: CONTACT,
      to: CHANNEL,
    });
    const request = lastRequest();
    expect(result).toMatchObject({ status: 200, twiml, contentType: "text/xml" });
    expect(result.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(request.params).toMatchObject({
      CallSid: result.callSid,
      AccountSid: account.sid,
      From: CONTACT,
      To: CHANNEL,
      Caller: CONTACT,
      Called: CHANNEL,
      CallStatus: "ringing",
      Direction: "inbound",
      ApiVersion: "2010-04-01",
    });
    expect(signatureValid(request)).toBe(true);
  });

  it("posts a call status callback with CallDuration", async () => {
    const callSid = `CA${"c".repeat(32)}`;
    const result = await fake.sendCallStatus({
      url: `${receiver.url}/webhooks/twilio/voice/status`,
      accountSid: account.sid,
      callSid,
      from: CONTACT,
      to: CHANNEL,
      status: "completed",
      durationSeconds: 75,
    });
    const request = lastRequest();
    expect(result.status).toBe(200);
    expect(request.params).toMatchObject({
      CallSid: callSid,
      CallStatus: "completed",
      CallDuration: "75",
      Duration: "2",
      Direction: "inbound",
      CallbackSource: "call-progress-events",
    });
    expect(signatureValid(request)).toBe(true);
  });

  it("leaves out CallDuration while the call has not ended", async () => {
    await fake.sendCallStatus({
      url: receiver.url,
      accountSid: account.sid,
      callSid: `CA${"d".repeat(32)}`,
      from: CONTACT,
      to: CHANNEL,
      status: "in-progress",
    });
    expect(lastRequest().params.CallDuration).toBeUndefined();
  });

  it("posts a recording callback", async () => {
    const callSid = `CA${"e".repeat(32)}`;
    const result = await fake.sendRecording({
      url: `${receiver.url}/webhooks/twilio/voice/recording`,
      accountSid: account.sid,
      callSid,
      durationSeconds: 17,
    });
    const request = lastRequest();
    expect(result.recordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(result.recordingUrl).toBe(
      `https://api.twilio.com/2010-04-01/Accounts/${account.sid}/Recordings/${result.recordingSid}`,
    );
    expect(request.params).toMatchObject({
      AccountSid: account.sid,
      CallSid: callSid,
      RecordingSid: result.recordingSid,
      RecordingUrl: result.recordingUrl,
      RecordingStatus: "completed",
      RecordingDuration: "17",
    });
    expect(signatureValid(request)).toBe(true);
  });
});
