/**
 * `pnpm bench`: runs the stack as `pnpm start` does (each service its own process) on a fresh
 * database, runs the send and inbound benchmarks through the gateway, and measures the
 * machine's own baseline for the same work.
 * Sizes: BENCH_MESSAGES (default 2000), BENCH_CONCURRENCY (32), BENCH_CHANNELS (20),
 * BENCH_WEBHOOKS (2000), BENCH_SENDERS (200).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { testNatsUrl, uniqueName } from "@relay/testing";
import globalSetup from "@relay/testing/global-setup";
import { jetstreamPublishBaseline, postgresInsertBaseline } from "./baseline.js";
import { benchmarkInbound } from "./inbound.js";
import { type Row, report } from "./report.js";
import { benchmarkSend } from "./send.js";
import { startTarget } from "./target.js";

const int = (name: string, fallback: number) => Number.parseInt(process.env[name] ?? "", 10) || fallback;
const parameters = {
  messages: int("BENCH_MESSAGES", 2000),
  concurrency: int("BENCH_CONCURRENCY", 32),
  channels: int("BENCH_CHANNELS", 20),
  sendRate: 100,
  webhooks: int("BENCH_WEBHOOKS", 2000),
  senders: int("BENCH_SENDERS", 200),
};

const teardown = await globalSetup();
const stack = await startTarget({
  RATE_LIMIT_PER_SECOND: "100000",
  RATE_LIMIT_BURST: "100000",
  SEND_CONCURRENCY: "32",
});
try {
  console.log("benchmark parameters:", parameters);
  const rows: Row[] = [];

  console.log(`send: ${parameters.messages} messages, ${parameters.concurrency} concurrent clients…`);
  rows.push(...(await benchmarkSend(stack, parameters)));

  console.log(`inbound: ${parameters.webhooks} signed webhooks, ${parameters.concurrency} concurrent…`);
  rows.push(...(await benchmarkInbound(stack, "+14156661000", parameters)));

  console.log("baselines: PostgreSQL multi-row insert and JetStream publish of the same counts…");
  const pgRate = await postgresInsertBaseline(process.env.DATABASE_URL ?? "", parameters.messages);
  const jsRate = await jetstreamPublishBaseline(testNatsUrl(), parameters.messages, uniqueName("bench"));
  rows.push(
    { benchmark: "baseline", metric: "PostgreSQL multi-row insert", value: pgRate, unit: "rows/s" },
    { benchmark: "baseline", metric: "JetStream publish (acked)", value: jsRate, unit: "events/s" },
  );
  // Each accepted send and each stored inbound message is one row and one event at least.
  for (const row of rows) {
    if (
      row.metric === "accepted" ||
      row.metric === "stored end to end" ||
      row.metric === "webhooks acknowledged"
    ) {
      row.baseline = Math.min(pgRate, jsRate);
    }
  }
  report(rows, parameters, join(dirname(fileURLToPath(import.meta.url)), "../results"));
} finally {
  await stack.stop();
  await teardown();
}
