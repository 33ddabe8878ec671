/** Sizes and settings of `pnpm --filter @relay/bench campaign`, from BENCH_CAMPAIGN_* (defaults: the measurement). */
export interface CampaignParameters {
  /** Contacts seeded, and the audience of the one big campaign (time to queue, preview). */
  recipients: number;
  /** Phone channels the dispatch phase sends on, one campaign each. */
  channels: number;
  /** Each channel's `send_rate` (at most 100/s, core's limit): channels × rate is the pacing sum. */
  sendRate: number;
  /** Recipients of the dispatch phase, split evenly over its campaigns (a share of the seeded contacts each). */
  dispatch: number;
  /** The dispatch phase stops handing over (its campaigns are paused) after this long. */
  windowSeconds: number;
  /** After the window: how long to wait for what was handed over to reach the Twilio fake. */
  drainSeconds: number;
  /** The pacing check: as many channels again at this send_rate, low enough that pacing binds. */
  pacingRate: number;
  /** How long the pacing check hands over (0: no pacing check). */
  pacingSeconds: number;
  /** How contacts are seeded: `sql` (straight into core's table and conversations' projection) or `api` (core's upsert, 1,000 a call). */
  seed: "sql" | "api";
  /** Rows per statement in the raw multi-row insert baseline. */
  insertBatch: number;
  /** Requests to the minimal durable accept baseline (the CPU figure's yardstick), from `concurrency` clients. */
  acceptRequests: number;
  concurrency: number;
  logLevel: string;
  profile: boolean;
}

/** A whole-number setting from the environment, or its default. */
export const int = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, got ${raw}`);
  return value;
};

export function readCampaignParameters(): CampaignParameters {
  const recipients = int("BENCH_CAMPAIGN_RECIPIENTS", 100_000, 1);
  const seed = process.env.BENCH_CAMPAIGN_SEED || "sql";
  if (seed !== "sql" && seed !== "api")
    throw new Error(`BENCH_CAMPAIGN_SEED must be sql or api, got ${seed}`);
  const channels = int("BENCH_CAMPAIGN_CHANNELS", 20, 1);
  return {
    recipients,
    channels,
    sendRate: Math.min(100, int("BENCH_CAMPAIGN_SEND_RATE", 100, 1)),
    dispatch: Math.min(recipients, int("BENCH_CAMPAIGN_DISPATCH", Math.min(recipients, 20_000), channels)),
    windowSeconds: int("BENCH_CAMPAIGN_WINDOW_SECONDS", 90, 5),
    drainSeconds: int("BENCH_CAMPAIGN_DRAIN_SECONDS", 90, 0),
    pacingRate: Math.min(100, int("BENCH_CAMPAIGN_PACING_RATE", 5, 1)),
    pacingSeconds: int("BENCH_CAMPAIGN_PACING_SECONDS", 20, 0),
    seed,
    insertBatch: Math.min(3000, int("BENCH_CAMPAIGN_INSERT_BATCH", 1000, 1)),
    acceptRequests: int("BENCH_CAMPAIGN_ACCEPT", 3000, 1),
    concurrency: int("BENCH_CONCURRENCY", 32, 1),
    logLevel: process.env.BENCH_LOG_LEVEL || "info",
    profile: process.env.BENCH_PROFILE === "1",
  };
}
