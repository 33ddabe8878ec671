import { waitFor } from "@relay/testing";
import type { Row } from "./report.js";
import { perSecond, runConcurrently, summarize } from "./stats.js";
import { BENCH_TWILIO, type BenchTarget } from "./target.js";

export interface SendParameters {
  messages: number;
  concurrency: number;
  /** Channels the messages are spread over; each is paced to `sendRate` messages per second. */
  channels: number;
  sendRate: number;
}

/**
 * N concurrent clients `POST /v1/messaging/sms` through the gateway. Measures accepted
 * requests per second and their latency, then how long each accepted message took to reach
 * the provider (the Twilio fake records when it received each one).
 */
export async function benchmarkSend(stack: BenchTarget, p: SendParameters): Promise<Row[]> {
  const numbers: string[] = [];
  for (let i = 0; i < p.channels; i++) {
    const phone = `+1415666${String(1000 + i).padStart(4, "0")}`;
    const res = await stack.api("POST", "/channels", {
      type: "phone",
      name: `Bench ${i}`,
      phone,
      provider: "twilio",
      credentials: { account_sid: BENCH_TWILIO.sid, auth_token: BENCH_TWILIO.token },
      send_rate: p.sendRate,
    });
    if (res.status !== 201) throw new Error(`creating a bench channel failed: ${res.status}`);
    numbers.push(phone);
  }
  stack.twilio.reset();

  const acceptedAt = new Map<string, number>();
  const run = await runConcurrently(p.messages, p.concurrency, async (i) => {
    const body = `bench message ${i}`;
    const res = await stack.api("POST", "/messaging/sms", {
      from: numbers[i % numbers.length],
      to: `+1415777${String(i % 10_000).padStart(4, "0")}`,
      body,
    });
    if (res.status !== 201) throw new Error(`send ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
    acceptedAt.set(body, Date.now());
  });

  await waitFor(() => stack.twilio.messages.length >= p.messages, {
    timeoutMs: 120_000 + (p.messages / (p.channels * p.sendRate)) * 1000,
    intervalMs: 100,
    description: "every message to reach the provider",
  });
  const toProvider = stack.twilio.messages.map(
    (m) => m.dateCreated.getTime() - (acceptedAt.get(m.body) ?? 0),
  );
  const accept = summarize(run.durations);
  const delivery = summarize(toProvider);
  return [
    { benchmark: "send", metric: "accepted", value: perSecond(p.messages, run.elapsedMs), unit: "req/s" },
    { benchmark: "send", metric: "accept latency p50", value: accept.p50, unit: "ms" },
    { benchmark: "send", metric: "accept latency p99", value: accept.p99, unit: "ms" },
    { benchmark: "send", metric: "accept → provider p50", value: delivery.p50, unit: "ms" },
    { benchmark: "send", metric: "accept → provider p99", value: delivery.p99, unit: "ms" },
  ];
}
