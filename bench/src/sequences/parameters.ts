import { int } from "../campaign/parameters.js";

/** Sizes and settings of `pnpm --filter @relay/bench sequences`, from BENCH_SEQ_* (defaults: the measurement). */
export interface SequencesParameters {
  /** Runs per phase, each resting on a pending send: the timers that come due. */
  runs: number;
  /** The spread phase: the runs' due times over this long, evenly. */
  spreadSeconds: number;
  /** Between scheduling the due times and the first of them (the CPU window starts at the first). */
  leadSeconds: number;
  /** The one phone channel's `send_rate`: low, so the provider side does not take the machine. */
  sendRate: number;
  /** The baseline's claim batch and idle interval: the service's TIMER_BATCH_SIZE and TIMER_INTERVAL_MS. */
  batch: number;
  intervalMs: number;
  /** How long after the last due time a phase may take before the bench gives up. */
  timeoutSeconds: number;
  logLevel: string;
  profile: boolean;
}

export function readSequencesParameters(): SequencesParameters {
  return {
    runs: int("BENCH_SEQ_RUNS", 100_000, 1),
    spreadSeconds: int("BENCH_SEQ_SPREAD_SECONDS", 60, 1),
    leadSeconds: int("BENCH_SEQ_LEAD_SECONDS", 5, 1),
    sendRate: int("BENCH_SEQ_SEND_RATE", 1, 1),
    // The service's defaults (config.ts) unless the run sets them for the stack too.
    batch: int("TIMER_BATCH_SIZE", 200, 1),
    intervalMs: int("TIMER_INTERVAL_MS", 250, 1),
    timeoutSeconds: int("BENCH_SEQ_TIMEOUT_SECONDS", 600, 10),
    logLevel: process.env.BENCH_LOG_LEVEL ?? "info",
    profile: process.env.BENCH_PROFILE === "1",
  };
}
