import { type Organization, type Stack, startStack, TWILIO_ACCOUNT } from "@relay/local-stack";
import { waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addLine,
  type CampaignBody,
  type CampaignContactBody,
  sinceNoonInLosAngeles,
} from "./campaign-helpers.js";

/**
 * Opting out while a campaign sends: recipients not yet sent who text STOP (the Twilio webhook,
 * signed as Twilio signs it) or are opted out through the preferences API get nothing from the
 * campaign afterwards, are skipped as opted out, and count as no unsubscribe (they never got
 * its message); one who opts out after receiving it is the campaign's one unsubscribe.
 */
const LINE = "+14155550150";
const RATE = 20;
const AUDIENCE = 200;
const BODY = "Consent race: shift open tomorrow 7am";
/** California numbers: the recipients' zone is America/Los_Angeles. */
const number = (i: number) => `+1415556${String(1000 + i).padStart(4, "0")}`;
/** Dispatched in batches up to a second of the channel's rate: this far ahead of the first pending, none is in flight. */
const SAFE_LEAD = 2 * RATE;

let stack: Stack;
let org: Organization;
let channelId: string;

beforeAll(async () => {
  // Noon in Los Angeles, at most a day ago: inside 08:00–21:00 and within the attribution window.
  const shift = -sinceNoonInLosAngeles();
  stack = await startStack({ campaignsNow: () => new Date(Date.now() + shift) });
  org = await stack.createOrganization("Consent Race Staffing");
  channelId = await addLine(org, LINE, RATE);
});
afterAll(() => stack?.stop());

const campaignSends = (to: string) => stack.twilio.messages.filter((m) => m.to === to && m.body === BODY);
const campaign = async (id: string) =>
  (await org.api<{ data: CampaignBody }>("GET", `/campaigns/${id}`)).body.data;
/** Every recipient, in the order the dispatcher takes them (all are due at once, inside the window). */
const recipients = async (id: string) =>
  (
    await org.api<{ data: Array<CampaignContactBody & { phone: string }> }>(
      "GET",
      `/campaigns/${id}/contacts?limit=500`,
    )
  ).body.data;

/** The first recipient still pending, by position. */
const frontier = (rows: CampaignContactBody[]) => {
  const index = rows.findIndex((row) => row.recipient_state === "pending");
  return index < 0 ? rows.length : index;
};

const optedOut = async (contactId: string) => {
  const res = await org.api<{ data: Array<{ channel_id: string; opt_in: boolean }> }>(
    "GET",
    `/contacts/${contactId}/communication_preferences`,
  );
  return res.body.data.some((p) => p.channel_id === channelId && !p.opt_in);
};

/** STOP from the contact's phone, through the gateway's Twilio webhook; acknowledged once conversations records it. */
async function textStop(phone: string, contactId: string): Promise<void> {
  const res = await stack.twilio.sendInboundSms({
    url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
    accountSid: TWILIO_ACCOUNT.sid,
    from: phone,
    to: LINE,
    body: "STOP",
  });
  expect(res.status).toBe(200);
  await waitFor(() => optedOut(contactId), {
    timeoutMs: 10_000,
    intervalMs: 20,
    description: `${phone} opted out`,
  });
}

async function optOutByApi(contactId: string): Promise<void> {
  const res = await org.api("POST", `/contacts/${contactId}/communication_preferences/opt_out`, {
    channel_id: channelId,
  });
  expect(res.status).toBe(200);
}

describe("opting out while a campaign sends", () => {
  it("sends nothing after the opt-out to a recipient not yet sent, and skips them as opted_out", async () => {
    const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Consent race",
      from: LINE,
      body: BODY,
      audience: { contacts: Array.from({ length: AUDIENCE }, (_, i) => ({ phone: number(i) })) },
    });
    expect(draft.status).toBe(201);
    const id = draft.body.data.id;
    expect((await org.api("POST", `/campaigns/${id}/send`)).status).toBe(200);

    // Well under way (its whole audience stored), far from done.
    const started = await waitFor(
      async () => {
        const rows = await recipients(id);
        const at = frontier(rows);
        return rows.length === AUDIENCE && at >= RATE && at < AUDIENCE / 3 ? rows : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 20, description: "the campaign to be sending" },
    );
    const first = started[0] as CampaignContactBody & { phone: string };
    await waitFor(() => campaignSends(first.phone).length > 0 || undefined, { timeoutMs: 10_000 });

    // Eight recipients ahead of the frontier (a few seconds of sending), half by STOP, half by the API.
    const at = frontier(started);
    const targets = Array.from({ length: 8 }, (_, k) => started[at + SAFE_LEAD + 10 * k]).filter(
      (row): row is CampaignContactBody & { phone: string } => row !== undefined,
    );
    expect(targets).toHaveLength(8);
    const acknowledged = new Map<string, number>();
    await Promise.all([
      ...targets.map(async (row, k) => {
        if (k % 2 === 0) await textStop(row.phone, row.id);
        else await optOutByApi(row.id);
        acknowledged.set(row.id, Date.now());
      }),
      // The first recipient, already sent, opts out too: that one is the campaign's unsubscribe.
      textStop(first.phone, first.id),
    ]);

    // Which targets were still well behind the dispatcher once every opt-out was acknowledged.
    const after = await recipients(id);
    const position = new Map(after.map((row, index) => [row.id, index]));
    const safe = targets.filter((row) => (position.get(row.id) ?? 0) >= frontier(after) + SAFE_LEAD / 2);
    expect(safe.length, "opt-outs took too long: the dispatcher caught up").toBeGreaterThanOrEqual(6);

    const done = await waitFor(
      async () => {
        const c = await campaign(id);
        return c.status === "completed" ? c : undefined;
      },
      { timeoutMs: 40_000, description: "the campaign to complete" },
    );
    const finalRows = await recipients(id);
    const byId = new Map(finalRows.map((row) => [row.id, row]));
    // Everyone else got the campaign exactly once.
    const others = finalRows.filter((row) => !targets.some((t) => t.id === row.id));
    await waitFor(() => others.every((row) => campaignSends(row.phone).length > 0) || undefined, {
      timeoutMs: 20_000,
      description: "every other recipient to be sent",
    });
    expect(others.filter((row) => campaignSends(row.phone).length !== 1).map((row) => row.phone)).toEqual([]);

    // Checked once everyone else was sent: nothing of the campaign is still on its way to them.
    for (const row of safe) {
      const sends = campaignSends(row.phone).map(
        (m) => m.dateCreated.getTime() - (acknowledged.get(row.id) ?? 0),
      );
      expect(sends, `${row.phone}: campaign sends, in ms after its opt-out was acknowledged`).toEqual([]);
      expect(byId.get(row.id)).toMatchObject({ recipient_state: "skipped", skip_reason: "opted_out" });
    }

    const skippedTargets = targets.filter((row) => byId.get(row.id)?.skip_reason === "opted_out").length;
    expect(skippedTargets).toBeGreaterThanOrEqual(safe.length);
    expect(done.skipped).toEqual({ opted_out: skippedTargets });
    expect(done.recipients.skipped).toBe(skippedTargets);
    expect(done.sent_messages).toBe(AUDIENCE - skippedTargets);
    expect(done.slated_messages).toBe(0);
    // Only a recipient who had the campaign's message and then opted out is an unsubscribe: the
    // first one (and any target the dispatcher reached before its opt-out).
    expect(byId.get(first.id)?.recipient_state).not.toBe("skipped");
    const raced = targets.length - skippedTargets;
    const unsubscribes = await waitFor(
      async () => {
        const n = (await campaign(id)).unsubscribes;
        return n >= 1 ? n : undefined;
      },
      { timeoutMs: 10_000, description: "the first recipient's unsubscribe" },
    );
    expect(unsubscribes).toBeGreaterThanOrEqual(1);
    expect(unsubscribes).toBeLessThanOrEqual(1 + raced);
  }, 90_000);
});
