import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PHONE_DURABLES } from "../src/consumers/phone.js";
import { OPT_OUT_CONFIRMATION } from "../src/services/keywords.js";
import { phones, sendBulk, smsRow, storedMessages } from "./bulk-flows.js";
import { phoneCommands, receive } from "./flows.js";
import { processed, type Stack, settled, startStack, type TestOrganization } from "./harness.js";

const LINE = "+14155550100";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function organizationWithLine(): Promise<TestOrganization & { channelId: string }> {
  const org = await stack.createOrganization();
  return { ...org, channelId: await org.createChannel(LINE) };
}

describe("POST /messaging/bulk under concurrency", () => {
  it.each([1, 2])(
    "never queues a message after a STOP that races the batch commits (round %i)",
    async (round) => {
      const org = await organizationWithLine();
      const recipients = phones(10, round * 100);
      const stopper = recipients[3] ?? "";
      const rows = Array.from({ length: 1000 }, (_, i) => smsRow(LINE, recipients[i % 10] ?? ""));
      const batch = sendBulk(org, rows);
      // The STOP arrives once the batch's first chunk has committed, while the others still run.
      await waitFor(async () => (await storedMessages(stack, org.id)).length > 0, {
        description: "the first chunk",
        intervalMs: 5,
      });
      const stop = await receive(
        stack,
        org.id,
        { channel_id: org.channelId, from: stopper, to: LINE, body: "STOP" },
        { wait: false },
      );
      const answer = await batch;
      await processed(stack, PHONE_DURABLES.received, stop.id);
      expect(answer.status).toBe(200);

      // The stopper's rows: queued until the opt-out committed, refused from then on, never mixed.
      const theirs = answer.body.data.results.filter((_, i) => i % 10 === 3).map((r) => r.status);
      const firstRefused = theirs.indexOf("refused");
      const expected = theirs.map((_, i) => (firstRefused === -1 || i < firstRefused ? "queued" : "refused"));
      expect(theirs).toEqual(expected);
      expect(
        answer.body.data.results.filter((_, i) => i % 10 !== 3).every((r) => r.status === "queued"),
      ).toBe(true);

      // In storage order: no outbound message to them after their STOP but its confirmation.
      const contactId = answer.body.data.results[3]?.contact_id;
      const stored = (await storedMessages(stack, org.id)).filter((m) => m.contact_id === contactId);
      const stopAt = stored.findIndex((m) => m.direction === "INBOUND");
      expect(stopAt).toBeGreaterThan(-1);
      expect(stored.slice(stopAt + 1).map((m) => m.body)).toEqual([OPT_OUT_CONFIRMATION]);
      expect(stored.slice(0, stopAt)).toHaveLength(theirs.filter((s) => s === "queued").length);

      await settled(stack);
      const handed = (await phoneCommands(stack)(org.id)).filter((c) => c.to === stopper);
      expect(handed.map((c) => c.body)).toEqual([
        ...theirs.filter((s) => s === "queued").map(() => "Shift tomorrow at 9?"),
        OPT_OUT_CONFIRMATION,
      ]);
    },
  );

  it("takes single sends and batches to the same contacts at once without a deadlock", async () => {
    const org = await organizationWithLine();
    const recipients = phones(20, 400);
    const numbers = (offset: number) =>
      Array.from({ length: 400 }, (_, i) => recipients[(i + offset) % 20] ?? "");
    const forward = numbers(0);
    const backward = numbers(7).reverse();
    const [one, two, ...singles] = await Promise.all([
      sendBulk(
        org,
        forward.map((to) => smsRow(LINE, to)),
      ),
      sendBulk(
        org,
        backward.map((to) => smsRow(LINE, to)),
      ),
      ...recipients.map((to) => org.call("POST", "/messaging/sms", { from: LINE, to, body: "single" })),
      ...recipients.map((to) => org.call("POST", "/messaging/sms", { from: LINE, to, body: "single" })),
    ]);
    expect([one?.status, two?.status]).toEqual([200, 200]);
    expect(singles.map((s) => s.status)).toEqual(singles.map(() => 201));
    expect(one?.body.data.queued).toBe(400);
    expect(two?.body.data.queued).toBe(400);

    // One contact and one conversation per number, whichever path came first.
    const byNumber = new Map<string, Set<string>>();
    for (const [answer, sent] of [
      [one, forward],
      [two, backward],
    ] as const) {
      answer?.body.data.results.forEach((r, i) => {
        const to = sent[i] ?? "";
        byNumber.set(to, (byNumber.get(to) ?? new Set()).add(r.conversation_id ?? ""));
      });
    }
    expect([...byNumber.values()].every((ids) => ids.size === 1)).toBe(true);
    expect((await org.core("GET", "/contacts?limit=100")).body.total).toBe(20);

    await settled(stack);
    expect(await phoneCommands(stack)(org.id)).toHaveLength(800 + 40);
  });
});
