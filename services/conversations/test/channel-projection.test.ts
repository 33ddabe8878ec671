import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PhoneCommand, phoneCommands, receive } from "./flows.js";
import { type Stack, startStack } from "./harness.js";

const LINE = "+14155550160";

let stack: Stack;
let commands: (organizationId: string) => Promise<PhoneCommand[]>;
beforeAll(async () => {
  stack = await startStack();
  commands = phoneCommands(stack);
});
afterAll(async () => {
  await stack?.stop();
});

/** Counts the channel lookups conversations asks core for (a plain subscriber sees each request). */
function countChannelLookups() {
  const subscription = stack.bus.nc.subscribe(stack.bus.subject("rpc.core.channel.resolve"));
  let count = 0;
  void (async () => {
    for await (const _ of subscription) count += 1;
  })();
  return {
    count: () => count,
    stop: () => subscription.unsubscribe(),
  };
}

describe("channels as a projection of core's events", () => {
  it("asks core at most once for a channel no event has brought yet, then reads its own copy", async () => {
    const org = await stack.createOrganization();
    const lookups = countChannelLookups();
    try {
      await org.createChannel(LINE);
      // Sends spread over longer than the in-memory freshness (500 ms): later ones read the projection.
      for (let i = 0; i < 8; i++) {
        const sent = await org.call("POST", "/messaging/sms", {
          from: LINE,
          to: `+1415555020${i}`,
          body: `#${i}`,
        });
        expect(sent.status).toBe(201);
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      // A fresh instance (nothing in memory) reads the stored projection too.
      stack.conversations = await stack.startInstance();
      const later = await org.call("POST", "/messaging/sms", {
        from: LINE,
        to: "+14155550209",
        body: "later",
      });
      expect(later.status).toBe(201);
      await stack.bus.nc.flush();
      expect(lookups.count()).toBeLessThanOrEqual(1);
    } finally {
      lookups.stop();
    }
  });

  it("puts a change made in core into effect within a second", async () => {
    const org = await stack.createOrganization();
    const line = "+14155550161";
    const channelId = await org.createChannel(line, { help_text: "Old help." });
    const contact = "+14155550299";
    await receive(stack, org.id, { channel_id: channelId, from: contact, to: line, body: "HELP" });

    const updated = await org.core("PUT", `/channels/${channelId}`, {
      help_text: "New help: call 555-0199.",
    });
    expect(updated.status).toBe(200);
    const changedAt = Date.now();
    const answered = await waitFor(
      async () => {
        await receive(stack, org.id, { channel_id: channelId, from: contact, to: line, body: "HELP" });
        const bodies = (await commands(org.id)).map((c) => c.body);
        return bodies.includes("New help: call 555-0199.") && bodies;
      },
      { timeoutMs: 5_000, intervalMs: 100, description: "the new help text to be used" },
    );
    expect(answered[0]).toBe("Old help.");
    expect(Date.now() - changedAt).toBeLessThan(1_500);
  });
});
