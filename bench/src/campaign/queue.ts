import { INTERNAL_TOKEN_HEADER, ORGANIZATION_HEADER } from "@relay/service-kit";
import { attribute, type CpuUse, type Scope } from "../cpu/attribute.js";
import { type CpuSampler, type Snapshot, ticksBetween } from "../cpu/sampler.js";
import type { Observer } from "../phases/observer.js";
import { ApiError, act, type CampaignApi, createCampaign, type PreviewView, preview } from "./api.js";
import type { RssSampler } from "./rss.js";
import { AUDIENCE_TAG } from "./seed.js";
import { campaignBody } from "./seed-shape.js";

export interface Step {
  ms: number;
  cpu: CpuUse;
  /** Peak RSS per service during the step, bytes. */
  rss: Record<string, number>;
  /** Set when the step did not finish as it should (an error answer, a deadline). */
  problem?: string;
}

export interface QueueResult {
  campaignId: string;
  audience: number;
  preview: Step & { recipients: number };
  /** `POST …/send` as the client saw it (the whole audience is checked before it answers). */
  sendCall: Step;
  /** From the send request until the send committed (the campaign left `draft`): the audience check. */
  check: Step;
  /** From the send's commit until the last recipient row is committed. */
  store: Step & { stored: number };
  /** From the send request until the last recipient row is committed. */
  total: Step;
}

interface QueueContext {
  api: CampaignApi;
  observer: Observer;
  sampler: CpuSampler;
  rss: RssSampler;
  scope: Scope;
  from: string;
  runId: string;
  audience: number;
  direct: DirectAccess;
  /** Waits until the campaigns service is idle; returns how long that took (ms). */
  quiet(): Promise<number>;
  log(line: string): void;
}

/** The campaigns service behind the gateway, reached as the gateway reaches it. */
export interface DirectAccess {
  campaignsUrl: string;
  internalToken: string;
  organizationId: string;
}

const cpuBetween = (sampler: CpuSampler, scope: Scope, from: Snapshot, to: Snapshot) =>
  attribute(sampler.tracked, ticksBetween(from, to), scope);

/**
 * The 100,000-recipient campaign: a draft over the whole seeded audience (by tag), its preview,
 * then `send` with a schedule a day ahead, so what is timed is storing every recipient
 * (durably queued, `pending`) and nothing else: no dispatch competes with it. The dispatch
 * phase measures storing while sending.
 */
export async function runQueue(ctx: QueueContext): Promise<QueueResult> {
  const { data: draft } = await createCampaign(ctx.api, {
    title: `bench ${ctx.runId} queue`,
    from: ctx.from,
    body: campaignBody(ctx.runId),
    audience: { tags: [AUDIENCE_TAG] },
    schedule_at: new Date(Date.now() + 24 * 3600_000).toISOString(),
  });
  ctx.log(`queue: draft ${draft.id} over ${ctx.audience} contacts; preview…`);

  let previewStep = await timed(ctx, async () => (await preview(ctx.api, draft.id)).data.recipients);
  if (previewStep.status !== undefined && previewStep.status >= 500) {
    // The gateway gives up on a service after UPSTREAM_TIMEOUT_MS: time it at the service itself too.
    const through = `through the gateway: ${previewStep.status} after ${(previewStep.ms / 1000).toFixed(1)} s`;
    // The service is still working on the preview the gateway gave up on: let it finish first.
    const waited = await ctx.quiet();
    ctx.log(
      `queue: preview ${through}; the service was busy with it ${(waited / 1000).toFixed(0)} s more; timing it at the campaigns service directly…`,
    );
    const direct = await timed(ctx, async () => (await previewDirect(ctx.direct, draft.id)).recipients);
    previewStep = { ...direct, problem: `${through}; timed at the campaigns service directly` };
  }
  ctx.log(
    `queue: preview ${(previewStep.ms / 1000).toFixed(1)} s (${previewStep.value ?? "?"} recipients); send…`,
  );

  const t0 = ctx.sampler.mark();
  const rssTotal = ctx.rss.window();
  const started = performance.now();
  let sendStep: Awaited<ReturnType<typeof timed<string>>> | undefined;
  const sending = timed(ctx, async () => (await act(ctx.api, draft.id, "send")).data.status).then((step) => {
    sendStep = step;
    ctx.log(
      `queue: send answered ${step.value ?? step.problem?.slice(0, 200)} after ${(step.ms / 1000).toFixed(1)} s`,
    );
  });
  // When the send committed (the campaign left `draft`): storing starts then, whatever the answer.
  let committed: { at: number; mark: Snapshot; rss: ReturnType<RssSampler["window"]> } | undefined;
  let stored = 0;
  const deadline = Date.now() + 300_000;
  let lastLog = Date.now();
  let problem: string | undefined;
  for (;;) {
    const { rows } = await ctx.observer.query<{ audience_phase: string; status: string }>(
      "select audience_phase, status from campaigns.campaigns where id = $1",
      [draft.id],
    );
    if (!committed && rows[0]?.status !== "draft")
      committed = { at: performance.now(), mark: ctx.sampler.mark(), rss: ctx.rss.window() };
    if (rows[0]?.audience_phase === "done") break;
    // A refusal (4xx) stores nothing; a gateway timeout (503) may have left the service carrying on.
    const refused = sendStep?.status;
    if (refused !== undefined && refused < 500) {
      problem = "the send was refused";
      break;
    }
    if (Date.now() > deadline) {
      problem = "not every recipient was stored within 300 s";
      break;
    }
    // A send whose answer was lost (a 5xx) and that has not committed well after the preview's time never will.
    if (
      !committed &&
      sendStep &&
      performance.now() - started > sendStep.ms + Math.max(60_000, 1.5 * previewStep.ms)
    ) {
      problem = "the send never committed";
      break;
    }
    if (Date.now() - lastLog >= 5_000) {
      stored = await countStored(ctx.observer, draft.id);
      ctx.log(`queue: ${stored}/${ctx.audience} recipients stored (campaign ${rows[0]?.status})`);
      lastLog = Date.now();
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  const ended = performance.now();
  const t2 = ctx.sampler.mark();
  const storePeaks = committed?.rss.end() ?? {};
  const totalPeaks = rssTotal.end();
  await sending;
  stored = await countStored(ctx.observer, draft.id);
  const send = sendStep as NonNullable<typeof sendStep>;
  const check = committed ? committed.at - started : Number.NaN;
  return {
    campaignId: draft.id,
    audience: ctx.audience,
    preview: { ...previewStep, recipients: previewStep.value ?? 0 },
    sendCall: send,
    check: {
      ms: check,
      cpu: cpuBetween(ctx.sampler, ctx.scope, t0, committed?.mark ?? t2),
      rss: {},
    },
    store: {
      ms: committed ? ended - committed.at : Number.NaN,
      cpu: cpuBetween(ctx.sampler, ctx.scope, committed?.mark ?? t2, t2),
      rss: storePeaks,
      stored,
      ...(problem && { problem }),
    },
    total: {
      ms: ended - started,
      cpu: cpuBetween(ctx.sampler, ctx.scope, t0, t2),
      rss: totalPeaks,
      ...(problem && { problem }),
    },
  };
}

/** The preview asked of the campaigns service itself, as the gateway asks it (internal token, organization). */
async function previewDirect(direct: DirectAccess, id: string): Promise<PreviewView> {
  const res = await fetch(`${direct.campaignsUrl}/v1/campaigns/${id}/preview`, {
    headers: { [INTERNAL_TOKEN_HEADER]: direct.internalToken, [ORGANIZATION_HEADER]: direct.organizationId },
    signal: AbortSignal.timeout(600_000),
  });
  const text = await res.text();
  if (res.status !== 200)
    throw new ApiError(res.status, `direct preview answered ${res.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { data: PreviewView }).data;
}

async function countStored(observer: Observer, campaignId: string): Promise<number> {
  const { rows } = await observer.query<{ n: string }>(
    "select count(*) as n from campaigns.campaign_recipients where campaign_id = $1",
    [campaignId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Times one call between CPU marks and an RSS window; an error answer is the step's problem, not a crash. */
async function timed<T>(
  ctx: QueueContext,
  body: () => Promise<T>,
): Promise<Step & { value?: T; status?: number }> {
  const from = ctx.sampler.mark();
  const rss = ctx.rss.window();
  const started = performance.now();
  let value: T | undefined;
  let problem: string | undefined;
  let status: number | undefined;
  try {
    value = await body();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    problem = error.message;
    status = error.status;
  }
  const ms = performance.now() - started;
  const to = ctx.sampler.mark();
  return {
    ms,
    cpu: cpuBetween(ctx.sampler, ctx.scope, from, to),
    rss: rss.end(),
    ...(value !== undefined && { value }),
    ...(problem && { problem, status }),
  };
}
