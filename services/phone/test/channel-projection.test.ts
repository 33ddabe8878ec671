import { type EventEnvelope, SendPhoneMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import { TEST_INTERNAL_TOKEN, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PhoneStack, startStack, twilioChannel } from "./harness.js";

let stack: PhoneStack;
let org: string;
beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
});

const sent = (messageId: string) => (event: EventEnvelope) =>
  event.type === "phone.message.status" &&
  (event.data as { message_id: string; status: string }).message_id === messageId &&
  (event.data as { status: string }).status === "sent";

async function send(channel: { id: string; phone: string }, body: string) {
  const event = newEvent(SendPhoneMessage, org, {
    message_id: crypto.randomUUID(),
    channel_id: channel.id,
    from: channel.phone,
    to: "+15005550006",
    body,
  });
  await stack.bus.publish(event);
  await stack.waitForEvent(sent(event.data.message_id), `"${body}" sent`);
}

describe("the adapter's channels come from core's events", () => {
  it("sends with a channel's new provider within a second of the change in core", async () => {
    const channel = await stack.createChannel(org, twilioChannel());
    await send(channel, "before the change");
    expect(stack.twilio.messages.some((m) => m.body === "before the change")).toBe(true);

    const res = await fetch(`${stack.core.url}/v1/channels/${channel.id}`, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        "x-internal-token": TEST_INTERNAL_TOKEN,
        "x-organization-id": org,
      },
      body: JSON.stringify({ provider: "sandbox" }),
    });
    expect(res.status).toBe(200);
    const changedAt = Date.now();
    await waitFor(
      async () => {
        const body = `after the change ${Date.now()}`;
        await send(channel, body);
        return stack.sandbox.messages.some((m) => m.body === body);
      },
      { timeoutMs: 5_000, intervalMs: 50, description: "a send through the sandbox account" },
    );
    expect(Date.now() - changedAt).toBeLessThan(1_500);
  });
});
