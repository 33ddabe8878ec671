import { drive, jsonRequest, type LoadRequest, type LoadResult, type LoadRun, pace } from "../load.js";
import { perSecond, summarize } from "../stats.js";
import { recipient } from "./accept-baseline.js";
import { type BenchContext, firstErrors, metered, type PhaseResult, progress } from "./context.js";
import { awaitDelivery } from "./delivery.js";

type Driver = (
  total: number,
  build: (index: number) => LoadRequest,
  onResult: (result: LoadResult) => void,
) => Promise<LoadRun>;

/**
 * `POST /v1/messaging/sms` through the gateway by N concurrent clients as fast as answers come
 * (closed loop), then until every accepted message has reached the provider and shows `delivered`
 * (status callbacks applied).
 */
export function runSend(ctx: BenchContext): Promise<PhaseResult> {
  const p = ctx.parameters;
  return sendPhase(ctx, "send", p.messages, 0, (total, build, onResult) =>
    drive(ctx.gatewayUrl, total, p.concurrency, build, onResult),
  );
}

/**
 * The same sends offered at a steady `BENCH_PACED_RATE` for `BENCH_PACED_SECONDS` (open loop),
 * to new numbers after the other phases' (so each still creates its contact): accept →
 * provider at a rate the stack keeps up with, where the closed-loop phase measures a backlog.
 */
export function runPacedSend(ctx: BenchContext): Promise<PhaseResult> {
  const p = ctx.parameters;
  const total = p.pacedRate * p.pacedSeconds;
  return sendPhase(ctx, "paced", total, p.messages, (count, build, onResult) =>
    pace(ctx.gatewayUrl, count, p.pacedRate, p.concurrency, build, onResult),
  );
}

async function sendPhase(
  ctx: BenchContext,
  path: "send" | "paced",
  total: number,
  firstRecipient: number,
  run: Driver,
): Promise<PhaseResult> {
  const p = ctx.parameters;
  const accepted = new Map<string, { body: string; at: number }>();
  const errors: string[] = [];
  let answered = 0;
  const bodyOf = (i: number) => `${path} ${ctx.runId} ${i}`;
  const stop = progress(ctx.log, () => `${path}: ${answered}/${total} answered, ${accepted.size} accepted`);
  const { value, cpu, elapsedMs } = await metered(ctx.sampler, ctx.stackScope, async () => {
    const load = await run(
      total,
      (i) =>
        jsonRequest(
          "/v1/messaging/sms",
          {
            from: ctx.channels[i % ctx.channels.length],
            to: recipient((firstRecipient + i) % p.recipients),
            body: bodyOf(i),
          },
          { "x-whippy-key": ctx.apiKey },
        ),
      (r) => {
        answered++;
        if (r.status === 201) {
          const id = (JSON.parse(r.body) as { data: { id: string } }).data.id;
          accepted.set(id, { body: bodyOf(r.index), at: r.at });
        } else firstErrors(errors, `${r.status} ${r.body}`);
      },
    );
    stop();
    ctx.log(
      `${path}: ${accepted.size} accepted in ${(load.elapsedMs / 1000).toFixed(1)} s; waiting for provider and delivered…`,
    );
    return { load, delivery: await awaitDelivery(ctx, path, accepted) };
  }).finally(stop);
  const ok = value.load.results.filter((r) => r.status === 201);
  return {
    path,
    offered: total,
    accepted: accepted.size,
    errors,
    rate: perSecond(ok.length, value.load.elapsedMs),
    latency: summarize(ok.map((r) => r.ms)),
    ...value.delivery,
    cpu,
    elapsedMs,
  };
}
