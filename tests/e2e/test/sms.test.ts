import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { contractErrors, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Sent {
  data: { id: string; contact_id: string; conversation_id: string; delivery_status: string };
}
interface Message {
  id: string;
  direction: string;
  body?: string;
  delivery_status: string;
  attachments?: string[];
  type?: string;
  call?: { recording_url?: string; status?: string };
}
interface Conversation {
  id: string;
  unread_count: number;
  status: string;
}

const CHANNEL = "+14155550100";
let stack: Stack;
let org: Organization;
let channelId: string;

/** Sends through the gateway with an optional Idempotency-Key. */
async function sendSms(body: Record<string, unknown>, idempotencyKey?: string) {
  const res = await fetch(`${stack.gatewayUrl}/v1/messaging/sms`, {
    method: "POST",
    headers: {
      "x-whippy-key": org.apiKey,
      "content-type": "application/json",
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    body: JSON.stringify({ from: CHANNEL, ...body }),
  });
  return { status: res.status, body: (await res.json()) as Sent & { error?: string }, headers: res.headers };
}

const messagesOf = async (conversationId: string) =>
  (await org.api<{ data: Message[] }>("GET", `/conversations/${conversationId}/messages`)).body.data;

const inbound = (from: string, body: string, to = CHANNEL) =>
  stack.twilio.sendInboundSms({
    url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
    accountSid: TWILIO_ACCOUNT.sid,
    from,
    to,
    body,
  });

const sentTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to);

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Texting Org");
  const channel = await org.api<{ data: { id: string } }>("POST", "/channels", {
    type: "phone",
    name: "Recruiting line",
    phone: CHANNEL,
    provider: "twilio",
    credentials: { account_sid: TWILIO_ACCOUNT.sid, auth_token: TWILIO_ACCOUNT.token },
    send_rate: 50,
    help_text: "Acme Staffing: reply STOP to opt out.",
  });
  expect(channel.status).toBe(201);
  channelId = channel.body.data.id;
});
afterAll(() => stack.stop());

describe("SMS end to end, through the gateway and the Twilio fake", () => {
  it("sends: the provider receives exactly what was asked, and callbacks move it to delivered", async () => {
    const to = "+14155552671";
    const res = await sendSms({
      to,
      body: "Shift tomorrow at 9?",
      attachments: ["https://example.com/map.png"],
    });
    expect(res.status).toBe(201);
    expect(contractErrors("POST", "/messaging/sms", 201, res.body)).toEqual([]);
    expect(res.body.data.delivery_status).toBe("queued");

    const sent = await stack.twilio.waitForMessage((m) => m.to === to);
    expect(sent).toMatchObject({
      from: CHANNEL,
      body: "Shift tomorrow at 9?",
      accountSid: TWILIO_ACCOUNT.sid,
    });
    expect(sent.mediaUrls).toEqual(["https://example.com/map.png"]);
    // The callback URL names our message, so a callback places a send whose SID we never recorded.
    expect(sent.statusCallback).toBe(`${stack.gatewayUrl}/webhooks/twilio/status?send=${res.body.data.id}`);

    const delivered = await waitFor(async () => {
      const [message] = await messagesOf(res.body.data.conversation_id);
      return message?.delivery_status === "delivered" && message;
    });
    expect(delivered).toMatchObject({ id: res.body.data.id, direction: "OUTBOUND" });
    const page = await org.api("GET", `/conversations/${res.body.data.conversation_id}/messages`);
    expect(contractErrors("GET", "/conversations/{id}/messages", 200, page.body)).toEqual([]);
  });

  it("replays an Idempotency-Key and refuses it with another body; the provider gets one message", async () => {
    const to = "+14155552672";
    const first = await sendSms({ to, body: "Once" }, "idem-1");
    const again = await sendSms({ to, body: "Once" }, "idem-1");
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const mismatch = await sendSms({ to, body: "Twice?" }, "idem-1");
    expect(mismatch.status).toBe(422);
    await stack.twilio.waitForMessage((m) => m.to === to);
    const marker = await sendSms({ to, body: "marker" });
    await stack.twilio.waitForMessage((m) => m.to === to && m.body === "marker");
    expect(marker.status).toBe(201);
    expect(sentTo(to).map((m) => m.body)).toEqual(["Once", "marker"]);
  });

  it("receives a reply into the same conversation and counts it unread", async () => {
    const to = "+14155552673";
    const sent = await sendSms({ to, body: "Are you available?" });
    const reply = await inbound(to, "Yes I am");
    expect(reply.status).toBe(200);
    const messages = await waitFor(async () => {
      const list = await messagesOf(sent.body.data.conversation_id);
      return list.some((m) => m.direction === "INBOUND") && list;
    });
    expect(messages[0]).toMatchObject({
      direction: "INBOUND",
      body: "Yes I am",
      delivery_status: "received",
    });
    const conversation = await org.api<{ data: Conversation }>(
      "GET",
      `/conversations/${sent.body.data.conversation_id}`,
    );
    expect(contractErrors("GET", "/conversations/{id}", 200, conversation.body)).toEqual([]);
    expect(conversation.body.data.unread_count).toBe(1);
  });

  it("creates the contact and a conversation for a number never seen before", async () => {
    const stranger = "+14155552674";
    expect((await inbound(stranger, "Hi, saw your job ad")).status).toBe(200);
    const contact = await waitFor(async () => {
      const found = await org.api<{ data: Array<{ id: string }> }>("POST", "/contacts/search", {
        phone: stranger,
      });
      return found.body.data[0];
    });
    const conversations = await waitFor(async () => {
      const list = await org.api<{ data: Array<Conversation & { contact_id: string }> }>(
        "GET",
        "/conversations",
      );
      return list.body.data.find((c) => c.contact_id === contact.id);
    });
    expect(conversations.unread_count).toBe(1);
  });

  it("STOP opts out with one confirmation; sends are refused and reach nobody; START opts back in", async () => {
    const to = "+14155552675";
    const first = await sendSms({ to, body: "Welcome" });
    await stack.twilio.waitForMessage((m) => m.to === to);

    await inbound(to, "  stop ");
    await waitFor(async () => {
      const prefs = await org.api<{ data: Array<{ channel_id: string; opt_in: boolean }> }>(
        "GET",
        `/contacts/${first.body.data.contact_id}/communication_preferences`,
      );
      return prefs.body.data.some((p) => p.channel_id === channelId && !p.opt_in);
    });
    await stack.twilio.waitForMessage((m) => m.to === to && /unsubscribed/i.test(m.body ?? ""));
    await inbound(to, "STOP");

    const refused = await sendSms({ to, body: "Are you there?" });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/opted out/i);

    await inbound(to, "START");
    await waitFor(async () => {
      const prefs = await org.api<{ data: Array<{ opt_in: boolean }> }>(
        "GET",
        `/contacts/${first.body.data.contact_id}/communication_preferences`,
      );
      return prefs.body.data.every((p) => p.opt_in);
    });
    expect((await sendSms({ to, body: "Welcome back" })).status).toBe(201);
    await stack.twilio.waitForMessage((m) => m.to === to && m.body === "Welcome back");
    const bodies = sentTo(to).map((m) => m.body ?? "");
    expect(bodies.filter((b) => /unsubscribed/i.test(b))).toHaveLength(1);
    expect(bodies).not.toContain("Are you there?");
  });

  it("refuses a webhook with a bad signature (403) and stores nothing", async () => {
    const from = "+14155552676";
    const res = await stack.twilio.postSigned(
      `${stack.gatewayUrl}/webhooks/twilio/sms`,
      {
        MessageSid: `SM${"f".repeat(32)}`,
        AccountSid: TWILIO_ACCOUNT.sid,
        From: from,
        To: CHANNEL,
        Body: "forged",
      },
      { authToken: "not-the-auth-token" },
    );
    expect(res.status).toBe(403);
    await inbound("+14155552677", "marker after the forgery");
    await waitFor(async () => {
      const found = await org.api<{ data: unknown[] }>("POST", "/contacts/search", { phone: "+14155552677" });
      return found.body.data.length === 1;
    });
    const forged = await org.api<{ data: unknown[] }>("POST", "/contacts/search", { phone: from });
    expect(forged.body.data).toEqual([]);
  });

  it("stores a duplicated webhook once", async () => {
    const from = "+14155552678";
    const first = await stack.twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: TWILIO_ACCOUNT.sid,
      from,
      to: CHANNEL,
      body: "only once",
      messageSid: `SM${"d".repeat(32)}`,
    });
    const again = await stack.twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: TWILIO_ACCOUNT.sid,
      from,
      to: CHANNEL,
      body: "only once",
      messageSid: first.messageSid,
    });
    expect(again.status).toBe(200);
    // A later message from the same number: once it is stored, the duplicate had its chance.
    await inbound(from, "duplicate-check marker");
    const messages = await waitFor(async () => {
      const search = await org.api<{ data: Conversation[] }>("POST", "/conversations/search", {
        query: "duplicate-check marker",
      });
      const conversation = search.body.data[0];
      const list = conversation ? await messagesOf(conversation.id) : [];
      return list.some((m) => m.body === "duplicate-check marker") && list;
    });
    expect(messages.filter((m) => m.body === "only once")).toHaveLength(1);
  });

  it("sends a scheduled message at its time, across a restart of conversations", async () => {
    const to = "+14155552679";
    const res = await sendSms({
      to,
      body: "Reminder: shift at 9",
      schedule_at: new Date(Date.now() + 1_500).toISOString(),
    });
    expect(res.status).toBe(201);
    expect(res.body.data.delivery_status).toBe("scheduled");
    await stack.restartConversations();
    const sent = await stack.twilio.waitForMessage((m) => m.to === to, 15_000);
    expect(sent.body).toBe("Reminder: shift at 9");
    expect(sentTo(to)).toHaveLength(1);
  });

  it("answers a call after hours with a voicemail and keeps the recording as a call event", async () => {
    const after = "+14155550101";
    const closed = await org.api<{ data: { id: string } }>("POST", "/channels", {
      type: "phone",
      name: "Closed line",
      phone: after,
      provider: "twilio",
      credentials: { account_sid: TWILIO_ACCOUNT.sid, auth_token: TWILIO_ACCOUNT.token },
      voice_forwarding_numbers: ["+14155559999"],
      opening_hours: [{ weekday: "Monday", opens_at: "00:00", closes_at: "00:01", state: "closed" }],
    });
    expect(closed.status).toBe(201);
    const caller = "+14155552680";
    const call = await stack.twilio.placeInboundCall({
      url: `${stack.gatewayUrl}/webhooks/twilio/voice`,
      accountSid: TWILIO_ACCOUNT.sid,
      from: caller,
      to: after,
    });
    expect(call.status).toBe(200);
    expect(call.twiml).toContain("<Record");
    expect(call.twiml).not.toContain("<Dial");
    await stack.twilio.sendRecording({
      url: `${stack.gatewayUrl}/webhooks/twilio/voice/recording`,
      accountSid: TWILIO_ACCOUNT.sid,
      callSid: call.callSid,
      durationSeconds: 12,
      recordingUrl: "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE123",
    });
    const event = await waitFor(async () => {
      const list = await org.api<{ data: Array<Conversation & { channel_id: string }> }>(
        "GET",
        "/conversations",
      );
      const conversation = list.body.data.find((c) => c.channel_id === closed.body.data.id);
      if (!conversation) return undefined;
      return (await messagesOf(conversation.id)).find((m) => m.type === "call" && m.call?.recording_url);
    });
    expect(event.call?.recording_url).toBe("https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE123");
  });

  it("answers bad input with 422 naming the field", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ to: "+14155552681", body: "x".repeat(1001) }, "body"],
      [{ to: "not a phone", body: "hi" }, "to"],
      [{ to: "+14155552681", body: "hi", from: "+19999999999" }, "from"],
      [{ to: "+14155552681", body: "hi", schedule_at: "tomorrow" }, "schedule_at"],
      [{ to: "+14155552681" }, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await sendSms(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const details = (res.body as unknown as { details: Array<{ field: string }> }).details;
      expect(details.map((d) => d.field)).toContain(field);
    }
  });
});
