import { PhoneMessageStatus } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { contractErrors, schemaErrors } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHONE_DURABLES } from "../src/consumers/phone.js";
import { reportCall, reportStatus, serviceEvents } from "./flows.js";
import { processed, type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";
const PAT = "+14155550111";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Org = TestOrganization & { channelId: string };

async function organizationWithLine(): Promise<Org> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE) };
}

async function messagesOf(org: Org, conversationId: string) {
  return (await org.call("GET", `/conversations/${conversationId}/messages`)).body.data;
}

describe("delivery statuses", () => {
  it("move forward only: a late `sent` never replaces `delivered`", async () => {
    const org = await organizationWithLine();
    const sent = (await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "hi" })).body.data;
    const status = (value: "sent" | "delivered" | "failed") =>
      reportStatus(stack, org.id, {
        message_id: sent.id,
        channel_id: org.channelId,
        provider_message_id: "SMabc",
        status: value,
      });

    await status("sent");
    expect((await messagesOf(org, sent.conversation_id))[0]).toMatchObject({
      delivery_status: "sent",
      provider_message_id: "SMabc",
    });
    await status("delivered");
    await status("sent");
    await status("failed");
    const [message] = await messagesOf(org, sent.conversation_id);
    expect(message).toMatchObject({ delivery_status: "delivered" });
    expect(message).not.toHaveProperty("error_code");

    const updates = (await serviceEvents(stack)()).filter(
      (e) => e.type === "conversations.message.updated" && (e.data as { id: string }).id === sent.id,
    );
    expect(updates.map((e) => (e.data as { delivery_status: string }).delivery_status)).toEqual([
      "sent",
      "delivered",
    ]);
    expect(schemaErrors("Message", updates[1]?.data)).toEqual([]);
  });

  it("keep the provider's error on a failed message", async () => {
    const org = await organizationWithLine();
    const sent = (await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "hi" })).body.data;
    await reportStatus(stack, org.id, {
      message_id: sent.id,
      channel_id: org.channelId,
      status: "undelivered",
      error_code: "30003",
      error_message: "Unreachable destination handset",
    });
    expect((await messagesOf(org, sent.conversation_id))[0]).toMatchObject({
      delivery_status: "undelivered",
      error_code: "30003",
      error_message: "Unreachable destination handset",
    });
  });

  it("arriving in a burst are applied in order, each change announced once", async () => {
    const org = await organizationWithLine();
    const sends = await Promise.all(
      [0, 1, 2, 3].map(
        async (i) =>
          (await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: `burst ${i}` })).body.data,
      ),
    );
    // Published at once, so the consumer takes several in one batch (one message's two among them).
    const events = sends.flatMap((sent, i) =>
      (["sent", "delivered"] as const).map((status) =>
        newEvent(PhoneMessageStatus, org.id, {
          message_id: sent.id,
          channel_id: org.channelId,
          provider_message_id: `SMburst${i}`,
          status,
        }),
      ),
    );
    for (const event of events) await stack.bus.publish(event);
    for (const event of events) await processed(stack, PHONE_DURABLES.status, event.id);
    await settled(stack);

    const updates = (await serviceEvents(stack)()).filter((e) => e.type === "conversations.message.updated");
    for (const [i, sent] of sends.entries()) {
      const [message] = (await messagesOf(org, sent.conversation_id)).filter(
        (m: { id: string }) => m.id === sent.id,
      );
      expect(message).toMatchObject({ delivery_status: "delivered", provider_message_id: `SMburst${i}` });
      const mine = updates.filter((e) => (e.data as { id: string }).id === sent.id);
      expect(mine.map((e) => (e.data as { delivery_status: string }).delivery_status)).toEqual([
        "sent",
        "delivered",
      ]);
    }
  });

  it("for another organization's message change nothing", async () => {
    const org = await organizationWithLine();
    const other = await organizationWithLine();
    const sent = (await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "hi" })).body.data;
    await reportStatus(stack, other.id, {
      message_id: sent.id,
      channel_id: other.channelId,
      status: "delivered",
    });
    expect((await messagesOf(org, sent.conversation_id))[0].delivery_status).toBe("queued");
  });
});

describe("calls", () => {
  it("are one call event per call, updated as statuses arrive, with the voicemail attached", async () => {
    const org = await organizationWithLine();
    const call = {
      channel_id: org.channelId,
      provider_call_id: "CA123",
      direction: "INBOUND" as const,
      from: PAT,
      to: LINE,
    };
    await reportCall(stack, org.id, { ...call, status: "ringing" });
    const list = await org.call("GET", "/conversations");
    expect(list.body.total).toBe(1);
    const conversation = list.body.data[0];
    expect(conversation.unread_count).toBe(1);
    let [event] = await messagesOf(org, conversation.id);
    expect(event).toMatchObject({
      type: "call",
      direction: "INBOUND",
      from: PAT,
      to: LINE,
      delivery_status: "received",
      call: { status: "ringing" },
    });

    await reportCall(stack, org.id, { ...call, status: "in-progress" });
    await reportCall(stack, org.id, { ...call, status: "completed", duration_seconds: 42 });
    await reportCall(stack, org.id, { ...call, status: "ringing" }); // late: ignored
    await reportCall(stack, org.id, {
      ...call,
      status: "completed",
      recording_url: "https://api.twilio.example/recordings/RE1.mp3",
      recording_duration_seconds: 17,
    });

    const messages = await org.call("GET", `/conversations/${conversation.id}/messages`);
    expect(contractErrors("GET", "/conversations/{id}/messages", 200, messages.body)).toEqual([]);
    expect(messages.body.total).toBe(1);
    [event] = messages.body.data;
    expect(event.call).toEqual({
      status: "completed",
      duration_seconds: 42,
      recording_url: "https://api.twilio.example/recordings/RE1.mp3",
      recording_duration_seconds: 17,
    });
    expect(event.provider_message_id).toBe("CA123");
    // One new call is one unread item, however many updates it gets.
    expect((await org.call("GET", `/conversations/${conversation.id}`)).body.data.unread_count).toBe(1);
  });

  it("land in the contact's existing conversation; outbound calls progress like messages", async () => {
    const org = await organizationWithLine();
    const sent = (await org.call("POST", "/messaging/sms", { from: LINE, to: PAT, body: "calling you" })).body
      .data;
    const call = {
      channel_id: org.channelId,
      provider_call_id: "CA999",
      direction: "OUTBOUND" as const,
      from: LINE,
      to: PAT,
    };
    await reportCall(stack, org.id, { ...call, status: "queued" });
    await reportCall(stack, org.id, { ...call, status: "no-answer" });
    const list = await org.call("GET", "/conversations");
    expect(list.body.total).toBe(1);
    expect(list.body.data[0].unread_count).toBe(0);
    const [latest, first] = await messagesOf(org, sent.conversation_id);
    expect(first.body).toBe("calling you");
    expect(latest).toMatchObject({
      type: "call",
      direction: "OUTBOUND",
      contact_id: sent.contact_id,
      delivery_status: "undelivered",
      call: { status: "no-answer" },
    });
  });
});
