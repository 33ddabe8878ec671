import type { Scope } from "../cpu/attribute.js";
import type { CpuSampler } from "../cpu/sampler.js";
import { drive, jsonRequest } from "../load.js";
import type { Parameters } from "../parameters.js";
import { perSecond, summarize } from "../stats.js";
import { firstErrors, metered, type PhaseResult, progress } from "./context.js";

/** The minimal durable accept path under the same load as the send path: same clients, same count. */
export async function runBaseline(
  baselineUrl: string,
  sampler: CpuSampler,
  scope: Scope,
  p: Parameters,
  log: (line: string) => void,
): Promise<PhaseResult> {
  let answered = 0;
  const stop = progress(log, () => `baseline: ${answered}/${p.messages} answered`);
  const {
    value: run,
    cpu,
    elapsedMs,
  } = await metered(sampler, scope, () =>
    drive(
      baselineUrl,
      p.messages,
      p.concurrency,
      (i) =>
        jsonRequest("/v1/messaging/sms", {
          from: "+14156660000",
          to: recipient(i % p.recipients),
          body: `baseline ${i}`,
        }),
      () => answered++,
    ),
  ).finally(stop);
  const errors: string[] = [];
  const ok = run.results.filter((r) => r.status === 201);
  for (const r of run.results) if (r.status !== 201) firstErrors(errors, `${r.status} ${r.body}`);
  return {
    path: "baseline",
    offered: p.messages,
    accepted: ok.length,
    errors,
    rate: perSecond(ok.length, run.elapsedMs),
    latency: summarize(ok.map((r) => r.ms)),
    cpu,
    elapsedMs,
  };
}

export const recipient = (i: number, prefix = "+1415777") =>
  `${prefix}${String(i % 10_000).padStart(4, "0")}`;
