import { waitFor } from "@relay/testing";
import type { Row } from "./report.js";
import { perSecond, runConcurrently, summarize } from "./stats.js";
import { BENCH_TWILIO, type BenchTarget } from "./target.js";

export interface InboundParameters {
  webhooks: number;
  concurrency: number;
  /** Distinct contacts texting in. */
  senders: number;
}

/**
 * Signed inbound-SMS webhooks at the phone adapter, through the gateway as Twilio posts them:
 * webhooks acknowledged per second, then how long until every message is stored in its
 * conversation (counted in conversations' own table).
 */
export async function benchmarkInbound(
  stack: BenchTarget,
  channelPhone: string,
  p: InboundParameters,
): Promise<Row[]> {
  const countInbound = () => stack.countInbound();
  const before = await countInbound();
  const started = performance.now();
  const run = await runConcurrently(p.webhooks, p.concurrency, async (i) => {
    const res = await stack.twilio.sendInboundSms({
      url: `${stack.gatewayUrl}/webhooks/twilio/sms`,
      accountSid: BENCH_TWILIO.sid,
      from: `+1415888${String(i % p.senders).padStart(4, "0")}`,
      to: channelPhone,
      body: `inbound bench ${i}`,
    });
    if (res.status !== 200) throw new Error(`webhook ${i} answered ${res.status}`);
  });
  await waitFor(async () => (await countInbound()) - before >= p.webhooks, {
    timeoutMs: 300_000,
    intervalMs: 50,
    description: "every inbound message to be stored in conversations",
  });
  const visibleMs = performance.now() - started;
  const ack = summarize(run.durations);
  return [
    {
      benchmark: "inbound",
      metric: "webhooks acknowledged",
      value: perSecond(p.webhooks, run.elapsedMs),
      unit: "webhooks/s",
    },
    { benchmark: "inbound", metric: "ack latency p50", value: ack.p50, unit: "ms" },
    { benchmark: "inbound", metric: "ack latency p99", value: ack.p99, unit: "ms" },
    { benchmark: "inbound", metric: "all visible in conversations", value: visibleMs, unit: "ms" },
    {
      benchmark: "inbound",
      metric: "stored end to end",
      value: perSecond(p.webhooks, visibleMs),
      unit: "msg/s",
    },
  ];
}
