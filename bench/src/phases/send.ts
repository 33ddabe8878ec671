import { drive, jsonRequest } from "../load.js";
import { perSecond, summarize } from "../stats.js";
import { recipient } from "./accept-baseline.js";
import { type BenchContext, firstErrors, metered, type PhaseResult, progress } from "./context.js";
import { awaitDelivery } from "./delivery.js";

/**
 * `POST /v1/messaging/sms` through the gateway by N concurrent clients, then until every accepted
 * message has reached the provider and shows `delivered` (status callbacks applied).
 */
export async function runSend(ctx: BenchContext): Promise<PhaseResult> {
  const p = ctx.parameters;
  const accepted = new Map<string, { body: string; at: number }>();
  const errors: string[] = [];
  let answered = 0;
  const stop = progress(ctx.log, () => `send: ${answered}/${p.messages} answered, ${accepted.size} accepted`);
  const { value, cpu, elapsedMs } = await metered(ctx.sampler, ctx.stackScope, async () => {
    const run = await drive(
      ctx.gatewayUrl,
      p.messages,
      p.concurrency,
      (i) =>
        jsonRequest(
          "/v1/messaging/sms",
          {
            from: ctx.channels[i % ctx.channels.length],
            to: recipient(i % p.recipients),
            body: `send ${ctx.runId} ${i}`,
          },
          { "x-whippy-key": ctx.apiKey },
        ),
      (r) => {
        answered++;
        if (r.status === 201) {
          const id = (JSON.parse(r.body) as { data: { id: string } }).data.id;
          accepted.set(id, { body: `send ${ctx.runId} ${r.index}`, at: r.at });
        } else firstErrors(errors, `${r.status} ${r.body}`);
      },
    );
    stop();
    ctx.log(
      `send: ${accepted.size} accepted in ${(run.elapsedMs / 1000).toFixed(1)} s; waiting for provider and delivered…`,
    );
    return { run, delivery: await awaitDelivery(ctx, "send", accepted) };
  }).finally(stop);
  const ok = value.run.results.filter((r) => r.status === 201);
  return {
    path: "send",
    offered: p.messages,
    accepted: accepted.size,
    errors,
    rate: perSecond(ok.length, value.run.elapsedMs),
    latency: summarize(ok.map((r) => r.ms)),
    ...value.delivery,
    cpu,
    elapsedMs,
  };
}
