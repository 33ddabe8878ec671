import { type EventEnvelope, SendPhoneMessage } from "@relay/domain";
import { createDatabase, newEvent } from "@relay/service-kit";
import { testDatabaseUrl } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PhoneDB } from "../src/db/schema.js";
import { reserveSendSlot } from "../src/db/send-slots.js";
import { type PhoneStack, startStack, twilioChannel } from "./harness.js";

let stack: PhoneStack;
let org: string;

beforeAll(async () => {
  stack = await startStack();
  // A second replica on the same schema and namespace: the two share the durable consumer.
  await stack.startReplica();
  org = await stack.createOrganization();
});
afterAll(async () => {
  await stack?.stop();
});

const sentFor = (messageId: string) => (event: EventEnvelope) =>
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
  return event.data.message_id;
}

describe("pacing", () => {
  it("spaces a channel's sends by 1/send_rate across instances, without holding up other channels", async () => {
    const rate = 2;
    const count = 5;
    const slow = await stack.createChannel(org, twilioChannel({ send_rate: rate }));
    const fast = await stack.createChannel(org, twilioChannel({ send_rate: 100 }));
    const ids = await Promise.all(Array.from({ length: count }, (_, i) => send(slow, `paced ${i}`)));
    const fastId = await send(fast, "not paced");
    for (const id of [...ids, fastId]) await stack.waitForEvent(sentFor(id), "every message sent");

    const times = stack.twilio.messages
      .filter((m) => m.body.startsWith("paced "))
      .map((m) => m.dateCreated.getTime())
      .sort((a, b) => a - b);
    expect(times).toHaveLength(count);
    const intervalMs = 1000 / rate;
    // Slots are exactly 500 ms apart on the database's clock; arrival at the fake adds request
    // latency (a cold connection, a busy machine). Unpaced sends arrive within a few ms.
    const jitterMs = 100;
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(intervalMs - jitterMs);
    // The span's two ends each carry their own latency: a late first arrival shortens it.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(
      (count - 1) * intervalMs - 2 * jitterMs,
    );

    const fastAt =
      stack.twilio.messages.find((m) => m.body === "not paced")?.dateCreated.getTime() ?? Infinity;
    expect(fastAt).toBeLessThan(times.at(-1) ?? 0);
  });

  it("hands concurrent reservations from separate pools distinct slots, one interval apart", async () => {
    const open = () => createDatabase<PhoneDB>({ url: testDatabaseUrl(), schema: stack.phoneSchema });
    const pools = [open(), open()] as const;
    try {
      const channelId = crypto.randomUUID();
      const slots = await Promise.all(
        Array.from({ length: 12 }, (_, i) => reserveSendSlot(pools[i % 2 === 0 ? 0 : 1].db, channelId, 100)),
      );
      const times = slots.map((slot) => slot.slotAt.getTime()).sort((a, b) => a - b);
      expect(new Set(times).size).toBe(12);
      for (const [i, t] of times.slice(1).entries()) expect(t - (times[i] ?? t)).toBeGreaterThanOrEqual(100);
      const waits = slots.map((slot) => slot.waitMs).sort((a, b) => a - b);
      expect(waits[0]).toBeLessThan(50);
      expect(waits.at(-1)).toBeGreaterThanOrEqual(1000);
    } finally {
      for (const pool of pools) await pool.close();
    }
  });
});
