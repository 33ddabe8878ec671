import type { EventEnvelope } from "@relay/domain";
import { createDatabase, findSend, transactor } from "@relay/service-kit";
import { testDatabaseUrl, twilioSignature } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PhoneDB } from "../src/db/schema.js";

import { recordSendOutcome } from "../src/services/record-send-outcome.js";
import { ACCOUNT, type PhoneStack, startStack, twilioChannel } from "./harness.js";

let stack: PhoneStack;
let org: string;
let channel: { id: string; phone: string };
let smsUrl: string;

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization();
  channel = await stack.createChannel(org, twilioChannel());
  smsUrl = `${stack.phone.url}/webhooks/twilio/sms`;
});
afterAll(async () => {
  await stack?.stop();
});

const receivedWith = (messageSid: string) => (event: EventEnvelope) =>
  event.type === "phone.message.received" &&
  (event.data as { provider_message_id: string }).provider_message_id === messageSid;

async function receivedCount(messageSid: string): Promise<number> {
  return (await stack.events()).filter(receivedWith(messageSid)).length;
}

async function storedWebhooks(providerId: string): Promise<number> {
  const rows = await stack.query<{ n: number }>(
    "select count(*)::int as n from webhooks where provider_id = $1",
    [providerId],
  );
  return rows[0]?.n ?? 0;
}

/** A plain inbound SMS whose event we wait for: everything published before it is in the stream. */
async function marker(): Promise<void> {
  const sms = await stack.twilio.sendInboundSms({
    url: smsUrl,
    accountSid: ACCOUNT.sid,
    from: "+15005550006",
    to: channel.phone,
    body: "marker",
  });
  await stack.waitForEvent(receivedWith(sms.messageSid), "the marker message");
}

describe("inbound SMS/MMS", () => {
  it("announces an inbound MMS with its media and answers an empty TwiML response", async () => {
    const sms = await stack.twilio.sendInboundSms({
      url: smsUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
      body: "Here is the photo",
      mediaUrls: [
        { url: "https://api.twilio.com/media/ME1", contentType: "image/jpeg" },
        { url: "https://api.twilio.com/media/ME2", contentType: "application/pdf" },
      ],
    });
    expect(sms.status).toBe(200);
    expect(sms.contentType).toMatch(/^text\/xml/);
    expect(sms.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    const event = await stack.waitForEvent(receivedWith(sms.messageSid), "phone.message.received");
    expect(event.organization_id).toBe(org);
    expect(event.data).toMatchObject({
      channel_id: channel.id,
      provider_message_id: sms.messageSid,
      from: "+15005550006",
      to: channel.phone,
      body: "Here is the photo",
      media: [
        { url: "https://api.twilio.com/media/ME1", content_type: "image/jpeg" },
        { url: "https://api.twilio.com/media/ME2", content_type: "application/pdf" },
      ],
    });
  });

  it("rejects a wrong or missing signature with 403 and stores nothing", async () => {
    const params = {
      AccountSid: ACCOUNT.sid,
      MessageSid: "SMforged00000000000000000000000001",
      From: "+15005550006",
      To: channel.phone,
      Body: "forged",
      NumMedia: "0",
    };
    const wrong = await stack.twilio.postSigned(smsUrl, params, { authToken: "not-the-auth-token" });
    expect(wrong.status).toBe(403);
    const missing = await stack.twilio.postSigned(smsUrl, params, {
      authToken: ACCOUNT.token,
      signature: null,
    });
    expect(missing.status).toBe(403);
    // Signed for another URL (as if replayed against a different endpoint).
    const elsewhere = await stack.twilio.postSigned(smsUrl, params, {
      authToken: ACCOUNT.token,
      signature: twilioSignature(ACCOUNT.token, `${stack.phone.url}/webhooks/twilio/status`, params),
    });
    expect(elsewhere.status).toBe(403);
    // For a number no channel has.
    const stranger = await stack.twilio.postSigned(
      smsUrl,
      { ...params, To: "+14155550999" },
      {
        authToken: ACCOUNT.token,
      },
    );
    expect(stranger.status).toBe(403);

    await marker();
    expect(await receivedCount(params.MessageSid)).toBe(0);
    expect(await storedWebhooks(params.MessageSid)).toBe(0);
  });

  it("accepts the very same params when signed with the channel's token", async () => {
    const params = {
      AccountSid: ACCOUNT.sid,
      MessageSid: "SMgenuine0000000000000000000000001",
      From: "+15005550006",
      To: channel.phone,
      Body: "genuine",
      NumMedia: "0",
    };
    const res = await stack.twilio.postSigned(smsUrl, params, { authToken: ACCOUNT.token });
    expect(res.status).toBe(200);
    await stack.waitForEvent(receivedWith(params.MessageSid), "the genuine message");
  });

  it("announces a webhook Twilio retries only once", async () => {
    const first = await stack.twilio.sendInboundSms({
      url: smsUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
      body: "said twice",
    });
    const again = await stack.twilio.sendInboundSms({
      url: smsUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
      body: "said twice",
      messageSid: first.messageSid,
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    await marker();
    expect(await receivedCount(first.messageSid)).toBe(1);
    expect(await storedWebhooks(first.messageSid)).toBe(1);
  });

  it("routes a number two organizations share by whose token verifies the signature", async () => {
    const otherOrg = await stack.createOrganization();
    const otherAccount = { sid: `AC${"9".repeat(32)}`, token: "other-account-token" };
    // Same number, older channel in the first org (from beforeAll), newer one here with other creds.
    await stack.createChannel(otherOrg, {
      ...twilioChannel({ phone: channel.phone }),
      credentials: { account_sid: otherAccount.sid, auth_token: otherAccount.token },
    });
    const params = {
      AccountSid: otherAccount.sid,
      MessageSid: "SMshared00000000000000000000000001",
      From: "+15005550006",
      To: channel.phone,
      Body: "for the other org",
      NumMedia: "0",
    };
    const res = await stack.twilio.postSigned(smsUrl, params, { authToken: otherAccount.token });
    expect(res.status).toBe(200);
    const event = await stack.waitForEvent(receivedWith(params.MessageSid), "the shared-number message");
    expect(event.organization_id).toBe(otherOrg);

    // Without an AccountSid both channels are candidates: the older one's token fails, the newer verifies.
    const { AccountSid: _, ...anonymous } = { ...params, MessageSid: "SMshared00000000000000000000000002" };
    expect((await stack.twilio.postSigned(smsUrl, anonymous, { authToken: otherAccount.token })).status).toBe(
      200,
    );
    const second = await stack.waitForEvent(
      receivedWith(anonymous.MessageSid),
      "the second shared-number message",
    );
    expect(second.organization_id).toBe(otherOrg);
  });

  it("answers 422 naming the field when a signed webhook lacks what it needs", async () => {
    const params = { AccountSid: ACCOUNT.sid, From: "+15005550006", To: channel.phone, Body: "no sid" };
    const res = await stack.twilio.postSigned(smsUrl, params, { authToken: ACCOUNT.token });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body).details).toEqual([expect.objectContaining({ field: "MessageSid" })]);
  });
});

describe("message status callbacks", () => {
  it("ignores a signed callback for a message we never sent (200, no event)", async () => {
    const params = {
      AccountSid: ACCOUNT.sid,
      MessageSid: "SMunknown0000000000000000000000001",
      MessageStatus: "delivered",
      From: channel.phone,
      To: "+15005550006",
    };
    const res = await stack.twilio.postSigned(`${stack.phone.url}/webhooks/twilio/status`, params, {
      authToken: ACCOUNT.token,
    });
    expect(res.status).toBe(200);
    await marker();
    const about = (await stack.events()).filter(
      (e) => (e.data as { provider_message_id?: string }).provider_message_id === params.MessageSid,
    );
    expect(about).toEqual([]);
    expect(
      await stack.query("select applied from webhooks where provider_id = $1", [params.MessageSid]),
    ).toEqual([{ applied: false }]);
  });

  it("applies a callback that raced ahead of its send once the send is recorded", async () => {
    const sid = "SMearly00000000000000000000000001";
    const params = {
      AccountSid: ACCOUNT.sid,
      MessageSid: sid,
      MessageStatus: "delivered",
      From: channel.phone,
    };
    const res = await stack.twilio.postSigned(`${stack.phone.url}/webhooks/twilio/status`, params, {
      authToken: ACCOUNT.token,
    });
    expect(res.status).toBe(200);
    expect(await stack.query("select applied from webhooks where provider_id = $1", [sid])).toEqual([
      { applied: false },
    ]);

    // Twilio's answer to our create arrives only now: recording it applies the stored callback.
    const messageId = crypto.randomUUID();
    await stack.query("insert into sends (message_id, organization_id, channel_id) values ($1, $2, $3)", [
      messageId,
      org,
      channel.id,
    ]);
    const database = createDatabase<PhoneDB>({ url: testDatabaseUrl(), schema: stack.phoneSchema });
    try {
      const send = await findSend(database.db, messageId);
      if (!send) throw new Error("the send row is missing");
      await recordSendOutcome({ transact: transactor(database.db) }, send, {
        status: "sent",
        provider_message_id: sid,
      });
    } finally {
      await database.close();
    }
    const statuses = await stack.waitForEvent(
      (e) =>
        e.type === "phone.message.status" &&
        (e.data as { status: string; message_id: string }).message_id === messageId &&
        (e.data as { status: string }).status === "delivered",
      "the early callback applied",
    );
    expect(statuses.data).toMatchObject({ provider_message_id: sid, channel_id: channel.id });
    const mine = (await stack.events()).filter(
      (e) => e.type === "phone.message.status" && (e.data as { message_id: string }).message_id === messageId,
    );
    expect(mine.map((e) => (e.data as { status: string }).status)).toEqual(["sent", "delivered"]);
    expect(await stack.query("select applied from webhooks where provider_id = $1", [sid])).toEqual([
      { applied: true },
    ]);
  });

  it("rejects an unsigned status callback", async () => {
    const params = {
      AccountSid: ACCOUNT.sid,
      MessageSid: "SMx",
      MessageStatus: "delivered",
      From: channel.phone,
    };
    const res = await stack.twilio.postSigned(`${stack.phone.url}/webhooks/twilio/status`, params, {
      authToken: "wrong",
    });
    expect(res.status).toBe(403);
  });
});
