import type { RunningTwilioFake } from "@relay/testing";
import { attribute, type CpuUse, type Scope } from "../cpu/attribute.js";
import { type CpuSampler, ticksBetween } from "../cpu/sampler.js";
import type { Observer } from "../phases/observer.js";
import { act, type CampaignApi, createCampaign } from "./api.js";
import { type Batches, batchesOf, type RateStats, rateStats } from "./rates.js";
import type { RssSampler } from "./rss.js";
import { campaignBody } from "./seed-shape.js";

export interface BenchChannel {
  id: string;
  phone: string;
}

export interface ChannelDispatch {
  phone: string;
  setRate: number;
  handover: RateStats;
  provider: RateStats;
  batches: Batches;
}

export interface DispatchResult {
  campaigns: number;
  /** Recipients the campaigns were for, in all. */
  planned: number;
  /** Handed to the bulk path (a message id came back), refused by it (skipped), still pending at the end. */
  handedOver: number;
  skipped: Record<string, number>;
  pending: number;
  /** The `POST …/send` answers (each checks its audience first), ms. */
  sendCallsMs: number[];
  /** From the first send request until every campaign's audience was stored (undefined: not within the window). */
  allStoredMs?: number;
  /** Every campaign completed inside the window (else they were paused at its end). */
  completed: boolean;
  /** From the first send request to the end of hand-over (completion or the pause). */
  windowMs: number;
  /** Handed over but not at the provider when the drain ended. */
  notAtProvider: number;
  /** From the first send request to the end of the drain: what the CPU figure covers. */
  elapsedMs: number;
  handover: RateStats;
  provider: RateStats;
  channels: ChannelDispatch[];
  cpu: CpuUse;
  rss: Record<string, number>;
}

interface DispatchContext {
  /** `dispatch` (the throughput run) or `pacing` (pacing binds): names log lines and campaigns. */
  label: string;
  /** The audience: contacts with this tag, split over the campaigns by `properties.shard`. */
  tag: string;
  api: CampaignApi;
  observer: Observer;
  sampler: CpuSampler;
  rss: RssSampler;
  scope: Scope;
  fake: RunningTwilioFake;
  channels: BenchChannel[];
  sendRate: number;
  planned: number;
  windowSeconds: number;
  drainSeconds: number;
  runId: string;
  log(line: string): void;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * One campaign per channel, each over its share of the dispatch audience (tag + `shard`
 * property), all sent at once. Runs until every campaign completes or the window ends (then
 * they are paused), then until what was handed over has reached the Twilio fake (bounded).
 * Hand-over times are the recipients' `dispatched_at`; arrivals, the fake's receive times.
 */
export async function runDispatch(ctx: DispatchContext): Promise<DispatchResult> {
  const drafts = [];
  for (const [i, channel] of ctx.channels.entries()) {
    const { data } = await createCampaign(ctx.api, {
      title: `bench ${ctx.runId} ${ctx.label} ${i}`,
      from: channel.phone,
      body: campaignBody(ctx.runId),
      audience: { tags: [ctx.tag], properties: { shard: i } },
    });
    drafts.push(data.id);
  }
  const ids = drafts;
  const ours = new Set(ctx.channels.map((c) => c.phone));
  const providerBefore = ctx.fake.messages.length;
  const atProvider = () => {
    let n = 0;
    const messages = ctx.fake.messages;
    for (let i = providerBefore; i < messages.length; i++) if (ours.has(messages[i]?.from ?? "")) n++;
    return n;
  };
  ctx.log(`${ctx.label}: ${ids.length} drafts, ${ctx.planned} recipients; sending all at once…`);

  const from = ctx.sampler.mark();
  const rss = ctx.rss.window();
  const started = performance.now();
  const sendCallsMs = await Promise.all(ids.map(async (id) => (await act(ctx.api, id, "send")).ms));
  ctx.log(
    `${ctx.label}: all ${ids.length} sent (answers ${Math.min(...sendCallsMs).toFixed(0)}–${Math.max(...sendCallsMs).toFixed(0)} ms)`,
  );

  const windowEnd = started + ctx.windowSeconds * 1000;
  let allStoredMs: number | undefined;
  let completed = false;
  let lastLog = performance.now();
  while (performance.now() < windowEnd) {
    const { rows } = await ctx.observer.query<{ done: string; stored: string }>(
      `select count(*) filter (where status = 'completed') as done,
              count(*) filter (where audience_phase = 'done') as stored
       from campaigns.campaigns where id = any($1::uuid[])`,
      [ids],
    );
    const done = Number(rows[0]?.done ?? 0);
    if (allStoredMs === undefined && Number(rows[0]?.stored ?? 0) === ids.length)
      allStoredMs = performance.now() - started;
    if (done === ids.length) {
      completed = true;
      break;
    }
    if (performance.now() - lastLog >= 5_000) {
      const c = await counts(ctx.observer, ids);
      ctx.log(
        `${ctx.label}: ${((performance.now() - started) / 1000).toFixed(0)} s: ${c.stored} stored, ${c.handed} handed over, ${c.skipped} skipped, ${atProvider()} at the provider, ${done}/${ids.length} campaigns completed`,
      );
      lastLog = performance.now();
    }
    await sleep(250);
  }
  if (!completed) {
    ctx.log(`${ctx.label}: the ${ctx.windowSeconds} s window is over; pausing the campaigns…`);
    await Promise.all(ids.map((id) => act(ctx.api, id, "pause").catch(() => undefined)));
    // The pass in hand finishes what it took: wait until hand-over stops.
    for (let last = -1, still = 0; still < 3; ) {
      await sleep(1_000);
      const { handed } = await counts(ctx.observer, ids);
      still = handed === last ? still + 1 : 0;
      last = handed;
    }
  }
  const windowMs = performance.now() - started;
  const { handed } = await counts(ctx.observer, ids);
  ctx.log(
    `${ctx.label}: ${handed} handed over in ${(windowMs / 1000).toFixed(1)} s; waiting for the provider (≤ ${ctx.drainSeconds} s)…`,
  );
  const drainEnd = performance.now() + ctx.drainSeconds * 1000;
  lastLog = performance.now();
  while (atProvider() < handed && performance.now() < drainEnd) {
    if (performance.now() - lastLog >= 5_000) {
      ctx.log(`${ctx.label}: ${atProvider()}/${handed} at the provider`);
      lastLog = performance.now();
    }
    await sleep(200);
  }
  await sleep(1_000);
  const elapsedMs = performance.now() - started;
  const to = ctx.sampler.mark();
  const peaks = rss.end();

  const { rows } = await ctx.observer.query<{
    at: number | null;
    channel: string;
    state: string;
    reason: string | null;
  }>(
    `select (extract(epoch from r.dispatched_at) * 1000)::float8 as at, c.channel_id as channel, r.state, r.skip_reason as reason
     from campaigns.campaign_recipients r join campaigns.campaigns c on c.id = r.campaign_id
     where r.campaign_id = any($1::uuid[])`,
    [ids],
  );
  const handoverBy = new Map<string, number[]>();
  const skipped: Record<string, number> = {};
  let pending = 0;
  for (const row of rows) {
    if (row.state === "pending") pending++;
    else if (row.state === "skipped") skipped[row.reason ?? "?"] = (skipped[row.reason ?? "?"] ?? 0) + 1;
    if (row.at !== null && row.state !== "skipped") {
      const list = handoverBy.get(row.channel) ?? [];
      list.push(Number(row.at));
      handoverBy.set(row.channel, list);
    }
  }
  const providerBy = new Map<string, number[]>();
  const messages = ctx.fake.messages;
  for (let i = providerBefore; i < messages.length; i++) {
    const m = messages[i];
    if (!m || !ours.has(m.from ?? "")) continue;
    const list = providerBy.get(m.from ?? "") ?? [];
    list.push(m.dateCreated.getTime());
    providerBy.set(m.from ?? "", list);
  }
  const handover = [...handoverBy.values()].flat();
  const provider = [...providerBy.values()].flat();
  return {
    campaigns: ids.length,
    planned: ctx.planned,
    handedOver: handover.length,
    skipped,
    pending,
    sendCallsMs,
    ...(allStoredMs !== undefined && { allStoredMs }),
    completed,
    windowMs,
    notAtProvider: Math.max(0, handover.length - provider.length),
    elapsedMs,
    handover: rateStats(handover),
    provider: rateStats(provider),
    channels: ctx.channels.map((c) => ({
      phone: c.phone,
      setRate: ctx.sendRate,
      handover: rateStats(handoverBy.get(c.id) ?? []),
      provider: rateStats(providerBy.get(c.phone) ?? []),
      batches: batchesOf(handoverBy.get(c.id) ?? []),
    })),
    cpu: attribute(ctx.sampler.tracked, ticksBetween(from, to), ctx.scope),
    rss: peaks,
  };
}

async function counts(observer: Observer, ids: string[]) {
  const { rows } = await observer.query<{ stored: string; handed: string; skipped: string }>(
    `select count(*) as stored, count(message_id) as handed, count(*) filter (where state = 'skipped') as skipped
     from campaigns.campaign_recipients where campaign_id = any($1::uuid[])`,
    [ids],
  );
  return {
    stored: Number(rows[0]?.stored ?? 0),
    handed: Number(rows[0]?.handed ?? 0),
    skipped: Number(rows[0]?.skipped ?? 0),
  };
}
