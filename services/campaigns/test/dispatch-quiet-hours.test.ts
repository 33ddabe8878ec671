import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchCampaign } from "../src/services/dispatch-campaign.js";
import { type DispatchHarness, openDispatchHarness } from "./dispatch-harness.js";
import { insideByIntl, localHhMm, offsetTransitions } from "./rules/zone-transitions.js";

/**
 * The real dispatcher on real PostgreSQL with the clock stepped through three days: whatever
 * the zones, windows, send rates and nearby clock changes, no recipient is handed to the bulk
 * path outside the window in their own zone, each is handed over exactly once, none is dropped,
 * and none waits past the first instant their window is open (plus the channel's pacing).
 * Local time is read with `Intl` in the test (zone-transitions.ts), not with the code under test.
 */
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "America/Santiago", // changes at midnight
  "Asia/Kathmandu", // +05:45
  "Australia/Lord_Howe", // 30-minute DST
  "Pacific/Chatham", // +12:45 / +13:45
  "America/St_Johns", // -03:30 / -02:30
  "Africa/Casablanca", // clocks go back for Ramadan
  "Pacific/Kiritimati", // +14
  "Antarctica/Troll", // two-hour DST
  "America/Havana", // changes at midnight
  "UTC",
];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How long the clock runs: a window skipped by a spring-forward gap still opens the day after. */
const HORIZON = 3 * DAY;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2027, 11, 31);
/** Messages a second, slower than one a second included. */
const RATES = [0.5, 1, 3, 20, 100];

const transitions = new Map<string, number[]>();
function transitionsOf(zone: string): number[] {
  let found = transitions.get(zone);
  if (!found) {
    found = offsetTransitions(zone, FROM, TO);
    transitions.set(zone, found);
  }
  return found;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** The usual daytime windows, and any window at all (a minute long, or in the small hours where clocks change). */
const windowArb = fc.oneof(
  fc.constantFrom({ start: "08:00", end: "21:00" }, { start: "09:00", end: "17:30" }),
  fc
    .tuple(fc.oneof(fc.integer({ min: 0, max: 1438 }), fc.integer({ min: 0, max: 180 })), fc.nat())
    .map(([start, length]) => ({ start: hhmm(start), end: hhmm(start + 1 + (length % (1439 - start))) })),
);

/** The campaign starts anywhere, within a day and a half of a clock change in a recipient's zone, or on it. */
const startArb = (zone: string) => {
  const changes = transitionsOf(zone);
  const anywhere = fc.integer({ min: FROM, max: TO - HORIZON });
  if (changes.length === 0) return anywhere;
  return fc.oneof(
    anywhere,
    fc
      .tuple(fc.constantFrom(...changes), fc.integer({ min: -36 * HOUR, max: 36 * HOUR }))
      .map(([change, delta]) => change + delta),
    fc
      .tuple(fc.constantFrom(...changes), fc.integer({ min: -2 * MINUTE, max: 2 * MINUTE }))
      .map(([change, delta]) => change + delta),
  );
};

const scenarioArb = fc.array(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 12 }).chain((zones) =>
  fc.record({
    zones: fc.constant(zones),
    start: startArb(zones[0] ?? "UTC"),
    window: windowArb,
    rate: fc.constantFrom(...RATES),
    // Wake-ups besides the due times: the dispatcher runs at all hours, inside windows and out.
    steps: fc.array(fc.integer({ min: 15 * MINUTE, max: 8 * HOUR }), { minLength: 1, maxLength: 30 }),
  }),
);
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

/** The first instant at or after `from` inside the window in `zone`; local clocks change only on whole minutes. */
function firstInside(from: number, zone: string, window: { start: string; end: string }): number {
  if (insideByIntl(from, zone, window)) return from;
  for (let ms = Math.floor(from / MINUTE) * MINUTE + MINUTE; ms < from + HORIZON; ms += MINUTE)
    if (insideByIntl(ms, zone, window)) return ms;
  throw new Error(
    `no ${window.start}–${window.end} window in ${zone} within 3 days of ${new Date(from).toISOString()}`,
  );
}

let harness: DispatchHarness;
beforeAll(async () => {
  harness = await openDispatchHarness();
});
afterAll(() => harness?.close());

async function createCampaign(scenario: Scenario) {
  const { db } = harness.database;
  const id = crypto.randomUUID();
  const channelId = harness.addChannel(scenario.rate);
  await db
    .insertInto("campaigns")
    .values({
      id,
      organization_id: harness.organizationId,
      title: "Quiet hours property",
      status: "sending",
      type: "sms",
      channel_id: channelId,
      from: "+14155550100",
      body: "Shift open tomorrow",
      attachments: "[]",
      audience: JSON.stringify({ filter: null, inline_ids: [] }),
      window_start: scenario.window.start,
      window_end: scenario.window.end,
      attribution_hours: 72,
      audience_phase: "done",
      started_at: new Date(scenario.start),
      created_at: new Date(scenario.start),
      updated_at: new Date(scenario.start),
    })
    .execute();
  const zoneOf = new Map<string, string>(scenario.zones.map((zone) => [crypto.randomUUID(), zone]));
  await db
    .insertInto("campaign_recipients")
    .values(
      [...zoneOf].map(([contactId, zone]) => ({
        campaign_id: id,
        contact_id: contactId,
        organization_id: harness.organizationId,
        state: "pending",
        phone: "+14155550199",
        time_zone: zone,
        not_before: new Date(scenario.start),
        updated_at: new Date(scenario.start),
      })),
    )
    .execute();
  return { id, zoneOf };
}

const countDue = async (campaignId: string, now: number) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from campaign_recipients
        where campaign_id = ${campaignId} and state = 'pending' and not_before <= ${new Date(now)}`.execute(
        harness.database.db,
      )
    ).rows[0]?.n,
  );

/** The earliest time a pending recipient waits for, if any waits past `now`. */
const nextNotBefore = async (campaignId: string, now: number) => {
  const row = await harness.database.db
    .selectFrom("campaign_recipients")
    .select((eb) => eb.fn.min("not_before").as("at"))
    .where("campaign_id", "=", campaignId)
    .where("state", "=", "pending")
    .where("not_before", ">", new Date(now))
    .executeTakeFirst();
  return row?.at ? new Date(row.at).getTime() : undefined;
};

/** Dispatches at one instant as the periodic pass would: again while due recipients are handed over or postponed. */
async function dispatchAt(campaignId: string, now: number): Promise<void> {
  harness.setNow(now);
  for (let pass = 0; pass < 1000; pass++) {
    const due = await countDue(campaignId, now);
    if (due === 0) return;
    const handed = await dispatchCampaign(harness.deps, campaignId);
    if (handed === 0 && (await countDue(campaignId, now)) === due) return; // the channel's pacing is spent
  }
  throw new Error("the dispatcher never settled");
}

/** Runs the campaign from its start until nobody is pending or three days have passed. */
async function run(scenario: Scenario, campaignId: string): Promise<void> {
  const pacingStep = Math.ceil(1000 / scenario.rate) + 1;
  let now = scenario.start;
  for (let wake = 0; now <= scenario.start + HORIZON; wake++) {
    if (wake > 5000)
      throw new Error(`still pending at ${new Date(now).toISOString()} after ${wake} wake-ups`);
    await dispatchAt(campaignId, now);
    const next = await nextNotBefore(campaignId, now);
    const waiting = (await countDue(campaignId, now)) > 0;
    if (!waiting && next === undefined) return;
    now = Math.min(
      now + (scenario.steps[wake % scenario.steps.length] ?? HOUR),
      next ?? Number.POSITIVE_INFINITY,
      waiting ? now + pacingStep : Number.POSITIVE_INFINITY,
    );
  }
}

describe("dispatchCampaign and quiet hours (property)", () => {
  it("hands each recipient over once, inside the window in their zone, at the first chance", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const handOversBefore = harness.handOvers.length;
        const { id, zoneOf } = await createCampaign(scenario);
        await run(scenario, id);
        const handOvers = harness.handOvers.slice(handOversBefore).filter((h) => h.campaignId === id);

        const outside = handOvers.flatMap((h) =>
          h.contactIds
            .filter((contact) => !insideByIntl(h.at, zoneOf.get(contact) ?? "", scenario.window))
            .map((contact) => {
              const zone = zoneOf.get(contact) ?? "";
              return `${contact} (${zone}) at ${new Date(h.at).toISOString()} = ${localHhMm(h.at, zone)} local`;
            }),
        );
        expect(outside, "handed over outside the window").toEqual([]);

        const times = new Map<string, number[]>();
        for (const h of handOvers)
          for (const contact of h.contactIds) times.set(contact, [...(times.get(contact) ?? []), h.at]);
        const twice = [...times].filter(([, at]) => at.length > 1).map(([contact]) => contact);
        expect(twice, "handed over more than once").toEqual([]);
        const dropped = [...zoneOf.keys()].filter((contact) => !times.has(contact));
        expect(dropped, "never handed over within three days").toEqual([]);

        // Late only by the channel's pacing (each waits behind the others at most), unless the
        // window closed meanwhile: then by the pacing again from the first instant it is open after that.
        const pacing = zoneOf.size * (Math.ceil(1000 / scenario.rate) + 1);
        for (const [contact, zone] of zoneOf) {
          const at = times.get(contact)?.[0] ?? 0;
          const opens = firstInside(scenario.start, zone, scenario.window);
          const latest = firstInside(opens + pacing, zone, scenario.window) + pacing;
          expect(at, `${zone}: handed over before its window opened`).toBeGreaterThanOrEqual(opens);
          expect(at, `${zone}: open from ${new Date(opens).toISOString()}`).toBeLessThanOrEqual(latest);
        }

        const campaign = await harness.database.db
          .selectFrom("campaigns")
          .select(["status", "completed_at"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        expect(campaign.status).toBe("completed");
        const states = await harness.database.db
          .selectFrom("campaign_recipients")
          .select(["state", "dispatched_at", "contact_id"])
          .where("campaign_id", "=", id)
          .execute();
        for (const row of states) {
          expect(row.state).toBe("queued");
          expect(new Date(row.dispatched_at ?? 0).getTime()).toBe(times.get(row.contact_id)?.[0]);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  // A channel slower than one a second once never had credit for a whole message (floor(rate) = 0).
  it("sends on a channel slower than one message a second, at its rate", async () => {
    const start = Date.UTC(2026, 5, 15, 12, 0, 0); // noon in UTC, inside 08:00–21:00
    const { id } = await createCampaign({
      zones: ["UTC", "UTC", "UTC"],
      start,
      window: { start: "08:00", end: "21:00" },
      rate: 0.5,
      steps: [HOUR],
    });
    const handOversBefore = harness.handOvers.length;
    // One message every two seconds: the first at once, then one per two-second step.
    for (let ms = start; ms <= start + MINUTE; ms += 500) await dispatchAt(id, ms);
    const ours = harness.handOvers.slice(handOversBefore).filter((h) => h.campaignId === id);
    expect(ours.map((h) => h.contactIds.length)).toEqual([1, 1, 1]);
    expect(ours.map((h) => h.at - start)).toEqual([0, 2000, 4000]);
  });
});
