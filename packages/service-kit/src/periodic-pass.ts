import type { Logger } from "./logger.js";
import type { Metrics } from "./observability/metrics.js";

/** Reports one piece of due work taken: when it was due, and the pass's clock when it was taken. */
export type ObserveLag = (dueAt: Date, takenAt: Date) => void;

export interface PeriodicPassOptions {
  /** What the passes do, for the logs ("scheduled messages released"). */
  name: string;
  /** One pass: does what is due, up to `limit`, reporting each item's lateness; returns how much it did. */
  pass(limit: number, observeLag: ObserveLag): Promise<number>;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
  /** Where lateness goes: `scheduler_lag_seconds{pass=<label>}` (dropped without it). */
  lag?: { metrics: Metrics; label: string };
}

/**
 * Runs a pass over due work: every `intervalMs`, and again at once after a full batch. Due rows
 * are claimed in the database (FOR UPDATE SKIP LOCKED), so any number of instances can run the
 * loop side by side, and a restart loses nothing. Used by conversations' scheduled messages and
 * campaigns' dispatcher.
 */
export class PeriodicPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  private readonly observeLag: ObserveLag;

  constructor(private readonly options: PeriodicPassOptions) {
    const lag = options.lag;
    this.observeLag = lag
      ? (dueAt, takenAt) =>
          lag.metrics.schedulerLag.observe(
            { pass: lag.label },
            Math.max(0, takenAt.getTime() - dueAt.getTime()) / 1000,
          )
      : () => undefined;
  }

  start(): this {
    this.stopped = false;
    this.schedule(0);
    return this;
  }

  /** Stops after the pass in hand: what it claimed is done or left for the next instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    let released = 0;
    this.running = (async () => {
      try {
        released = await this.options.pass(this.options.batchSize, this.observeLag);
        if (released > 0) this.options.logger.debug({ done: released }, this.options.name);
      } catch (error) {
        this.options.logger.warn({ err: error, pass: this.options.name }, "pass failed; will retry");
      }
    })();
    await this.running;
    this.running = undefined;
    this.schedule(released >= this.options.batchSize ? 0 : this.options.intervalMs);
  }
}
