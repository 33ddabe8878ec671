/** Sizes and settings of a run, from BENCH_* (defaults: the measurement). */
export interface Parameters {
  messages: number;
  concurrency: number;
  channels: number;
  /** Each channel's `send_rate`: high enough that pacing does not bind at the offered rate. */
  sendRate: number;
  /** Distinct numbers sent to (each new one is a contact created on the fly, in core and conversations). */
  recipients: number;
  webhooks: number;
  /** Distinct contacts texting in. */
  senders: number;
  bulk: number;
  bulkBatch: number;
  /** Batches in flight at once. */
  bulkConcurrency: number;
  /** The paced send: messages per second offered at a steady rate (open loop), and for how long. */
  pacedRate: number;
  pacedSeconds: number;
  /** The stack's LOG_LEVEL (`pnpm start` runs at info). */
  logLevel: string;
  profile: boolean;
}

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return value;
};

export function readParameters(): Parameters {
  return {
    messages: int("BENCH_MESSAGES", 3000),
    concurrency: Math.max(1, int("BENCH_CONCURRENCY", 32)),
    channels: Math.max(1, int("BENCH_CHANNELS", 10)),
    sendRate: Math.max(1, int("BENCH_SEND_RATE", 100)),
    recipients: Math.min(10_000, Math.max(1, int("BENCH_RECIPIENTS", 10_000))),
    webhooks: int("BENCH_WEBHOOKS", 3000),
    senders: Math.max(1, int("BENCH_SENDERS", 200)),
    bulk: int("BENCH_BULK", 10_000),
    bulkBatch: Math.min(1000, Math.max(1, int("BENCH_BULK_BATCH", 1000))),
    bulkConcurrency: Math.max(1, int("BENCH_BULK_CONCURRENCY", 2)),
    pacedRate: int("BENCH_PACED_RATE", 20),
    pacedSeconds: Math.max(1, int("BENCH_PACED_SECONDS", 30)),
    logLevel: process.env.BENCH_LOG_LEVEL || "info",
    profile: process.env.BENCH_PROFILE === "1",
  };
}
