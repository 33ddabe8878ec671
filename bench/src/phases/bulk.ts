import { drive, jsonRequest } from "../load.js";
import { perSecond, summarize } from "../stats.js";
import { recipient } from "./accept-baseline.js";
import { type BenchContext, firstErrors, metered, type PhaseResult, progress } from "./context.js";
import { awaitDelivery } from "./delivery.js";

const PATH = "/v1/messaging/bulk";

interface BulkAnswer {
  data: {
    results: Array<{
      index: number;
      key: string;
      status: "queued" | "scheduled" | "refused";
      id?: string;
      error?: unknown;
    }>;
    queued: number;
    refused: number;
  };
}

/**
 * BENCH_BULK messages through the batch API in batches of BENCH_BULK_BATCH (the contract of
 * issue 8: `{messages: [{key, type, from, to, body}]}` → per-row results), then until every
 * queued row has reached the provider and shows `delivered`. Skipped while the route is a 404.
 */
export async function runBulk(ctx: BenchContext): Promise<PhaseResult> {
  const p = ctx.parameters;
  const skipped = await probe(ctx);
  const empty = { path: "bulk" as const, offered: p.bulk, accepted: 0, errors: [], rate: 0, elapsedMs: 0 };
  if (skipped)
    return {
      ...empty,
      skipped,
      cpu: { groups: {}, processes: {}, total: 0, kernel: 0, otherDatabasesMs: 0 },
    };

  const batches = Math.ceil(p.bulk / p.bulkBatch);
  const accepted = new Map<string, { body: string; at: number }>();
  const errors: string[] = [];
  let answered = 0;
  const bodyOf = (row: number) => `bulk ${ctx.runId} ${row}`;
  const stop = progress(
    ctx.log,
    () => `bulk: ${answered}/${batches} batches answered, ${accepted.size} queued`,
  );
  const { value, cpu, elapsedMs } = await metered(ctx.sampler, ctx.stackScope, async () => {
    const run = await drive(
      ctx.gatewayUrl,
      batches,
      p.bulkConcurrency,
      (batch) => {
        const first = batch * p.bulkBatch;
        const rows = Array.from({ length: Math.min(p.bulkBatch, p.bulk - first) }, (_, i) => first + i);
        const messages = rows.map((row) => ({
          key: `bench-${ctx.runId}-${row}`,
          type: "sms",
          from: ctx.channels[row % ctx.channels.length],
          to: recipient(row % p.recipients, "+1415999"),
          body: bodyOf(row),
        }));
        return jsonRequest(PATH, { messages }, { "x-whippy-key": ctx.apiKey });
      },
      (r) => {
        answered++;
        if (r.status !== 200) return firstErrors(errors, `${r.status} ${r.body}`);
        for (const row of (JSON.parse(r.body) as BulkAnswer).data.results) {
          const index = r.index * p.bulkBatch + row.index;
          if (row.status === "queued" && row.id) accepted.set(row.id, { body: bodyOf(index), at: r.at });
          else if (row.status === "refused")
            firstErrors(errors, `row ${index} refused: ${JSON.stringify(row.error)}`);
        }
      },
    );
    stop();
    ctx.log(
      `bulk: ${accepted.size} queued in ${(run.elapsedMs / 1000).toFixed(1)} s; waiting for provider and delivered…`,
    );
    return { run, delivery: await awaitDelivery(ctx, "bulk", accepted) };
  }).finally(stop);
  return {
    ...empty,
    accepted: accepted.size,
    errors,
    rate: perSecond(accepted.size, value.run.elapsedMs),
    latency: summarize(value.run.results.filter((r) => r.status === 200).map((r) => r.ms)),
    ...value.delivery,
    cpu,
    elapsedMs,
  };
}

/** An empty batch is refused (422) where the route exists and changes nothing; 404 means not built yet. */
async function probe(ctx: BenchContext): Promise<string | undefined> {
  const res = await fetch(`${ctx.gatewayUrl}${PATH}`, {
    method: "POST",
    headers: { "x-whippy-key": ctx.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ messages: [] }),
  });
  await res.arrayBuffer();
  return res.status === 404 ? `POST ${PATH} answered 404: the batch API is not built yet` : undefined;
}
