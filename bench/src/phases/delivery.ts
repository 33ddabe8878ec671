import { type Summary, summarize } from "../stats.js";
import { type BenchContext, progress } from "./context.js";
import { until } from "./provider-log.js";

/** Left for work that trails the last `delivered` (events relayed, consumers acking) to be counted. */
const TAIL_MS = 1_000;

/**
 * Waits until every accepted message (id → its body and accept time) has reached the provider
 * and is `delivered` in conversations; measures accept → provider and accept → delivered.
 */
export async function awaitDelivery(
  ctx: BenchContext,
  phase: string,
  accepted: Map<string, { body: string; at: number }>,
): Promise<{ toProvider: Summary; toDelivered: Summary; incomplete?: string }> {
  const p = ctx.parameters;
  const bodies = [...accepted.values()].map((m) => m.body);
  const ids = [...accepted.keys()];
  // Pacing alone needs messages / (channels × rate) seconds; allow a generous multiple of it.
  const budgetMs = 120_000 + ((3 * accepted.size) / (p.channels * p.sendRate)) * 1000;
  let delivered: number | undefined;
  const stop = progress(ctx.log, () => {
    const counted = delivered === undefined ? "" : `, ${delivered} delivered`;
    return `${phase}: ${ctx.provider.count(bodies)}/${accepted.size} at the provider${counted}`;
  });
  try {
    const reached = await until(() => ctx.provider.count(bodies) >= bodies.length, budgetMs, 50);
    const allDelivered =
      reached &&
      (await until(
        async () => {
          delivered = await ctx.observer.countDelivered(ids);
          return (delivered ?? 0) >= ids.length;
        },
        60_000,
        200,
      ));
    await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
    const deliveredAt = await ctx.observer.deliveredAt(ids);
    const toProvider: number[] = [];
    const toDelivered: number[] = [];
    for (const [id, message] of accepted) {
      const at = ctx.provider.at(message.body);
      if (at !== undefined) toProvider.push(at - message.at);
      const done = deliveredAt.get(id);
      if (done !== undefined) toDelivered.push(done - message.at);
    }
    const incomplete = !reached
      ? `${toProvider.length} of ${accepted.size} reached the provider within ${(budgetMs / 1000).toFixed(0)} s`
      : !allDelivered
        ? `${deliveredAt.size} of ${accepted.size} delivered within 60 s of reaching the provider`
        : undefined;
    return { toProvider: summarize(toProvider), toDelivered: summarize(toDelivered), incomplete };
  } finally {
    stop();
  }
}
