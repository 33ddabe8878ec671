import type { EventEnvelope } from "@relay/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, type PhoneStack, startStack, twilioChannel } from "./harness.js";

let stack: PhoneStack;
let org: string;
let voiceUrl: string;
const GREETING = "You reached Acme. Leave a message after the beep.";
const FORWARD = ["+14155550170", "+14155550171"];
const ALL_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

beforeAll(async () => {
  stack = await startStack({ VOICE_GREETING: GREETING, VOICE_RING_TIMEOUT_SECONDS: "25" });
  org = await stack.createOrganization();
  voiceUrl = `${stack.phone.url}/webhooks/twilio/voice`;
});
afterAll(async () => {
  await stack?.stop();
});

const callEvent =
  (callSid: string, predicate: (data: Record<string, unknown>) => boolean = () => true) =>
  (event: EventEnvelope) =>
    event.type === "phone.call.updated" &&
    (event.data as { provider_call_id: string }).provider_call_id === callSid &&
    predicate(event.data as Record<string, unknown>);

function voicemailTwiml(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Response>' +
    `<Say>${GREETING.replace(/'/g, "&apos;")}</Say>` +
    `<Record action="${stack.phone.url}/webhooks/twilio/voice/recording" method="POST" maxLength="120" playBeep="true"/>` +
    "</Response>"
  );
}

describe("inbound calls", () => {
  it("rings the forwarding numbers during opening hours", async () => {
    // Every minute of the week: 00:00–23:59, plus 23:59 running overnight to 00:01.
    const open = ALL_WEEK.flatMap((weekday) => [
      { weekday, opens_at: "00:00", closes_at: "23:59" },
      { weekday, opens_at: "23:59", closes_at: "00:01" },
    ]);
    const channel = await stack.createChannel(
      org,
      twilioChannel({ opening_hours: open, timezone: "UTC", voice_forwarding_numbers: FORWARD }),
    );
    const call = await stack.twilio.placeInboundCall({
      url: voiceUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
    });
    expect(call.status).toBe(200);
    expect(call.contentType).toMatch(/^text\/xml/);
    expect(call.twiml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Dial timeout="25" action="${stack.phone.url}/webhooks/twilio/voice/dial" method="POST">` +
        `<Number>${FORWARD[0]}</Number><Number>${FORWARD[1]}</Number></Dial></Response>`,
    );
    const ringing = await stack.waitForEvent(callEvent(call.callSid), "the call's first update");
    expect(ringing.organization_id).toBe(org);
    expect(ringing.data).toMatchObject({
      channel_id: channel.id,
      direction: "INBOUND",
      from: "+15005550006",
      to: channel.phone,
      status: "ringing",
    });

    // Nobody picked up: the dial's action sends the caller to voicemail; an answered dial hangs up.
    const dialUrl = `${stack.phone.url}/webhooks/twilio/voice/dial`;
    const base = { AccountSid: ACCOUNT.sid, CallSid: call.callSid, From: "+15005550006", To: channel.phone };
    const missed = await stack.twilio.postSigned(
      dialUrl,
      { ...base, DialCallStatus: "no-answer" },
      {
        authToken: ACCOUNT.token,
      },
    );
    expect(missed.body).toBe(voicemailTwiml());
    const answered = await stack.twilio.postSigned(
      dialUrl,
      { ...base, DialCallStatus: "completed" },
      {
        authToken: ACCOUNT.token,
      },
    );
    expect(answered.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    const forged = await stack.twilio.postSigned(
      dialUrl,
      { ...base, DialCallStatus: "no-answer" },
      {
        authToken: "wrong",
      },
    );
    expect(forged.status).toBe(403);
  });

  it("greets and records a voicemail after hours", async () => {
    const closed = ALL_WEEK.map((weekday) => ({
      weekday,
      opens_at: "00:00",
      closes_at: "23:59",
      state: "closed",
    }));
    const channel = await stack.createChannel(
      org,
      twilioChannel({ opening_hours: closed, voice_forwarding_numbers: FORWARD }),
    );
    const call = await stack.twilio.placeInboundCall({
      url: voiceUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
    });
    expect(call.twiml).toBe(voicemailTwiml());
  });

  it("goes to voicemail when the channel forwards to nobody, even when open", async () => {
    const channel = await stack.createChannel(org, twilioChannel());
    const call = await stack.twilio.placeInboundCall({
      url: voiceUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
    });
    expect(call.twiml).toBe(voicemailTwiml());
  });

  it("turns call status and recording callbacks into phone.call.updated, once each", async () => {
    const channel = await stack.createChannel(org, twilioChannel());
    const call = await stack.twilio.placeInboundCall({
      url: voiceUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
    });
    const recording = await stack.twilio.sendRecording({
      url: `${stack.phone.url}/webhooks/twilio/voice/recording`,
      accountSid: ACCOUNT.sid,
      callSid: call.callSid,
      durationSeconds: 17,
    });
    expect(recording.status).toBe(200);
    const voicemail = await stack.waitForEvent(
      callEvent(call.callSid, (data) => data.recording_url !== undefined),
      "the voicemail update",
    );
    expect(voicemail.data).toMatchObject({
      channel_id: channel.id,
      direction: "INBOUND",
      from: "+15005550006",
      to: channel.phone,
      recording_url: recording.recordingUrl,
      recording_duration_seconds: 17,
    });

    const statusUrl = `${stack.phone.url}/webhooks/twilio/voice/status`;
    const completed = {
      url: statusUrl,
      accountSid: ACCOUNT.sid,
      callSid: call.callSid,
      from: "+15005550006",
      to: channel.phone,
      status: "completed",
      durationSeconds: 42,
    };
    expect((await stack.twilio.sendCallStatus(completed)).status).toBe(200);
    expect((await stack.twilio.sendCallStatus(completed)).status).toBe(200);
    const done = await stack.waitForEvent(
      callEvent(call.callSid, (data) => data.status === "completed" && data.duration_seconds !== undefined),
      "the completed update",
    );
    expect(done.data).toMatchObject({ direction: "INBOUND", status: "completed", duration_seconds: 42 });

    // A later call's update is the marker: everything before it is in the stream.
    const marker = await stack.twilio.placeInboundCall({
      url: voiceUrl,
      accountSid: ACCOUNT.sid,
      from: "+15005550006",
      to: channel.phone,
    });
    await stack.waitForEvent(callEvent(marker.callSid), "the marker call");
    // ringing (the call), completed with the voicemail, completed from the status callback (sent twice).
    const updates = (await stack.events()).filter(callEvent(call.callSid));
    expect(updates.map((e) => (e.data as { status: string }).status)).toEqual([
      "ringing",
      "completed",
      "completed",
    ]);
    expect(updates.filter((e) => (e.data as { recording_url?: string }).recording_url)).toHaveLength(1);
  });

  it("rejects call callbacks signed with another token", async () => {
    const channel = await stack.createChannel(org, twilioChannel());
    const res = await stack.twilio.postSigned(
      `${stack.phone.url}/webhooks/twilio/voice/status`,
      {
        AccountSid: ACCOUNT.sid,
        CallSid: "CAforged",
        From: "+15005550006",
        To: channel.phone,
        CallStatus: "completed",
      },
      { authToken: "wrong" },
    );
    expect(res.status).toBe(403);
  });
});
