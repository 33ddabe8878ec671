import type { Organization } from "@relay/local-stack";
import { type RunningTwilioFake, startTwilioFake, testDatabaseUrl, waitFor } from "@relay/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignBody, CampaignContactBody } from "./campaign-helpers.js";
import { SupervisedStack } from "./campaigns-process-stack.js";

/**
 * A campaign survives kill -9 of its service: once while its audience is being stored, twice
 * while it dispatches (at seeded points). The supervisor restarts it; at the end every recipient
 * reached the Twilio fake exactly once and the campaign is completed with the counts to match.
 */
const ACCOUNT = { sid: `AC${"ca3c".repeat(8)}`, token: "campaigns-crash-twilio-token" };
const LINE = "+14155550160";
const AUDIENCE = 300;
const RATE = 20;
const BODY = "Crash campaign: shift open tomorrow 7am";
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
let state = seed;
/** A seeded generator, so a failing run can be repeated with CRASH_SEED. */
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
};
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/**
 * The service runs on the real clock, so the recipients' zone is chosen to be inside 00:00–23:59
 * for the whole run: Los Angeles (+1 415), or New York (+1 212) during Los Angeles' last hour.
 */
const laHour = Number(
  new Intl.DateTimeFormat("en-US", {
    timeZone: "America/Los_Angeles",
    hour: "numeric",
    hourCycle: "h23",
  }).format(new Date()),
);
const areaCode = laHour >= 23 ? "212" : "415";
const number = (i: number) => `+1${areaCode}557${String(1000 + i).padStart(4, "0")}`;

let twilio: RunningTwilioFake;
let stack: SupervisedStack;
let org: Organization;
let db: pg.Client;

beforeAll(async () => {
  twilio = await startTwilioFake({ accounts: { [ACCOUNT.sid]: ACCOUNT.token }, statusDelayMs: 5 });
  stack = await SupervisedStack.start(twilio.url, {
    // Pages of 20: storing takes fifteen passes (a kill lands in the middle), sending 15 s after that.
    campaigns: { DISPATCH_INTERVAL_MS: "50", AUDIENCE_PAGE_SIZE: "20" },
  });
  org = await stack.createOrganization("Campaign Crash Staffing");
  const channel = await org.api<{ data: { id: string } }>("POST", "/channels", {
    type: "phone",
    name: "Crash campaign line",
    phone: LINE,
    provider: "twilio",
    credentials: { account_sid: ACCOUNT.sid, auth_token: ACCOUNT.token },
    send_rate: RATE,
  });
  expect(channel.status).toBe(201);
  db = new pg.Client({ connectionString: testDatabaseUrl() });
  await db.connect();
}, 180_000);

afterAll(async () => {
  await db?.end();
  await stack?.stop();
  await twilio?.stop();
});

const campaignSends = (to: string) => twilio.messages.filter((m) => m.to === to && m.body === BODY);

/** Where the campaign stands, read from its schema (the service may be down). */
async function progress(campaignId: string) {
  const schema = stack.schemaOf("campaigns");
  const { rows } = await db.query<{ phase: string; stored: number; handed: number }>(
    `select c.audience_phase as phase, count(r.contact_id)::int as stored,
            count(r.contact_id) filter (where r.state <> 'pending')::int as handed
     from "${schema}".campaigns c left join "${schema}".campaign_recipients r on r.campaign_id = c.id
     where c.id = $1 group by c.audience_phase`,
    [campaignId],
  );
  return rows[0] ?? { phase: "inline", stored: 0, handed: 0 };
}

describe("a campaign under kill -9", () => {
  it(`reaches every recipient exactly once and completes (seed ${seed})`, async () => {
    const draft = await org.api<{ data: CampaignBody }>("POST", "/campaigns", {
      title: "Crash campaign",
      from: LINE,
      body: BODY,
      sending_window: { start: "00:00", end: "23:59" },
      audience: { contacts: Array.from({ length: AUDIENCE }, (_, i) => ({ phone: number(i) })) },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body.data.id;
    expect((await org.api("POST", `/campaigns/${id}/send`)).status).toBe(200);
    const kills: string[] = [];

    // 1. While the audience is stored, a page at a time.
    const stored = between(20, 140);
    const storing = await waitFor(
      async () => {
        const p = await progress(id);
        return p.phase !== "done" && p.stored >= stored ? p : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 10, description: "the audience being stored" },
    );
    await stack.killAndAwaitRestart("campaigns");
    kills.push(`storing (${storing.stored} stored, ${storing.handed} handed over)`);

    // 2 and 3. While it dispatches, at seeded points.
    for (const [low, high] of [
      [100, 170],
      [200, 260],
    ] as const) {
      const at = between(low, high);
      const dispatching = await waitFor(
        async () => {
          const p = await progress(id);
          return p.phase === "done" && p.handed >= at ? p : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 10, description: `${at} recipients handed over` },
      );
      await stack.killAndAwaitRestart("campaigns");
      kills.push(`dispatching (${dispatching.handed} handed over)`);
    }

    const done = await waitFor(
      async () => {
        const res = await org.api<{ data: CampaignBody }>("GET", `/campaigns/${id}`);
        return res.body.data?.status === "completed" ? res.body.data : undefined;
      },
      { timeoutMs: 30_000, description: "the campaign to complete" },
    );
    const numbers = Array.from({ length: AUDIENCE }, (_, i) => number(i));
    await waitFor(() => numbers.every((to) => campaignSends(to).length > 0) || undefined, {
      timeoutMs: 30_000,
      description: "every recipient to reach Twilio",
    });
    // Nothing left in conversations that could still reach Twilio (a duplicate would be a second message).
    const conversations = stack.schemaOf("conversations");
    const outbound = await waitFor(
      async () => {
        const { rows } = await db.query<{ total: number; unsent: number }>(
          `select count(*)::int as total,
                  count(*) filter (where delivery_status in ('queued', 'sending'))::int as unsent
           from "${conversations}".messages where direction = 'OUTBOUND' and organization_id = $1`,
          [org.id],
        );
        return rows[0]?.unsent === 0 ? rows[0] : undefined;
      },
      { timeoutMs: 30_000, description: "no message left queued" },
    );

    const twice = numbers.filter((to) => campaignSends(to).length > 1);
    const missing = numbers.filter((to) => campaignSends(to).length === 0);
    console.log(
      `campaigns crash test (seed ${seed}): killed ${kills.join(", then ")}; ` +
        `${AUDIENCE - missing.length} reached Twilio, ${twice.length} twice, ${missing.length} missing`,
    );
    expect(twice).toEqual([]);
    expect(missing).toEqual([]);
    expect(twilio.messages.filter((m) => m.body === BODY)).toHaveLength(AUDIENCE);
    expect(outbound.total).toBe(AUDIENCE);

    expect(done).toMatchObject({ sent_messages: AUDIENCE, slated_messages: 0, skipped: {} });
    expect(done.recipients.pending).toBe(0);
    const contacts = await org.api<{ data: Array<CampaignContactBody & { phone: string }>; total: number }>(
      "GET",
      `/campaigns/${id}/contacts?limit=500`,
    );
    expect(contacts.body.total).toBe(AUDIENCE);
    expect(new Set(contacts.body.data.map((r) => r.phone))).toEqual(new Set(numbers));
    expect(new Set(contacts.body.data.map((r) => r.message_id)).size).toBe(AUDIENCE);
    expect(contacts.body.data.filter((r) => r.recipient_state === "skipped" || !r.message_id)).toEqual([]);
  }, 120_000);
});
