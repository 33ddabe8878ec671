import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface BulkAnswer {
  data: {
    results: Array<{ index: number; key?: string; status: string; id?: string; error?: { code: string } }>;
    queued: number;
    scheduled: number;
    refused: number;
  };
}

const LINES = ["+14155550120", "+14155550121"];
let stack: Stack;
let org: Organization;

beforeAll(async () => {
  stack = await startStack();
  org = await stack.createOrganization("Campaign Org");
  for (const phone of LINES) {
    const channel = await org.api("POST", "/channels", {
      type: "phone",
      name: `Campaign line ${phone}`,
      phone,
      provider: "twilio",
      credentials: { account_sid: TWILIO_ACCOUNT.sid, auth_token: TWILIO_ACCOUNT.token },
      send_rate: 100,
    });
    expect(channel.status).toBe(201);
  }
});
afterAll(() => stack.stop());

const recipient = (i: number) => `+1628555${String(2000 + i).padStart(4, "0")}`;
const sentTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to);

describe("POST /v1/messaging/bulk end to end, through the gateway and the Twilio fake", () => {
  it("hands every queued row to Twilio exactly once, none to an opted-out contact, and a retry sends nothing", async () => {
    const optedOut = (await org.api<{ data: { id: string } }>("POST", "/contacts", { phone: recipient(7) }))
      .body.data;
    const channels = await org.api<{ data: Array<{ id: string; phone: string }> }>("GET", "/channels");
    const first = channels.body.data.find((c) => c.phone === LINES[0]);
    const out = await org.api("POST", `/contacts/${optedOut.id}/communication_preferences/opt_out`, {
      channel_id: first?.id,
    });
    expect(out.status).toBe(200);

    // 120 rows: 60 contacts, each on both lines; contact 7 opted out of the first line only.
    const messages = Array.from({ length: 120 }, (_, i) => ({
      key: `campaign-1-${i}`,
      type: "sms",
      from: LINES[i % 2],
      to: recipient(Math.floor(i / 2)),
      body: `Shift reminder ${i}`,
    }));
    const answer = await org.api<BulkAnswer>("POST", "/messaging/bulk", { messages });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ queued: 119, scheduled: 0, refused: 1 });
    expect(answer.body.data.results[14]).toMatchObject({
      index: 14,
      status: "refused",
      error: { code: "opted_out" },
    });

    // The same batch again (a campaign worker retrying after a lost answer): the same outcomes.
    const retried = await org.api<BulkAnswer>("POST", "/messaging/bulk", { messages });
    expect(retried.body).toEqual(answer.body);

    const queued = messages.filter((_, i) => answer.body.data.results[i]?.status === "queued");
    for (const row of queued) {
      await stack.twilio.waitForMessage((m) => m.to === row.to && m.body === row.body, 15_000);
    }
    // A marker after everything: once it arrives, nothing of the batch is still on its way.
    const marker = await org.api("POST", "/messaging/sms", {
      from: LINES[0],
      to: recipient(0),
      body: "marker",
    });
    expect(marker.status).toBe(201);
    await stack.twilio.waitForMessage((m) => m.to === recipient(0) && m.body === "marker", 15_000);
    for (const row of queued) {
      expect(
        sentTo(row.to).filter((m) => m.body === row.body && m.from === row.from),
        row.key,
      ).toHaveLength(1);
    }
    expect(sentTo(recipient(7)).map((m) => m.from)).toEqual([LINES[1]]);
  });

  it("answers 422 naming messages for 1,001 rows, and refuses another organization's contact", async () => {
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({
      key: `too-many-${i}`,
      type: "sms",
      from: LINES[0],
      to: recipient(i % 10),
      body: "x",
    }));
    const refused = await org.api<{ details: Array<{ field: string }> }>("POST", "/messaging/bulk", {
      messages: tooMany,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d) => d.field)).toEqual(["messages"]);

    const other = await stack.createOrganization("Other Org");
    const theirs = (await other.api<{ data: { id: string } }>("POST", "/contacts", { phone: recipient(90) }))
      .body.data;
    const answer = await org.api<BulkAnswer>("POST", "/messaging/bulk", {
      messages: [{ key: "tenancy-1", type: "sms", from: LINES[0], contact_id: theirs.id, body: "x" }],
    });
    expect(answer.body.data.results[0]).toMatchObject({
      status: "refused",
      error: { code: "validation_failed" },
    });
  });
});
