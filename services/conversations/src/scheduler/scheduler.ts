import type { Logger } from "@relay/service-kit";

export interface SchedulerOptions {
  /** One pass: releases what is due, returns how many it released. */
  pass(limit: number): Promise<number>;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
}

/**
 * Runs the scheduled-message passes: every `intervalMs`, and again at once after a full batch.
 * Due rows are claimed in the database (FOR UPDATE SKIP LOCKED), so any number of instances can
 * run this loop side by side, and a restart loses nothing.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops after the pass in hand: a message it claimed is released or left for the next instance. */
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
        released = await this.options.pass(this.options.batchSize);
        if (released > 0) this.options.logger.debug({ released }, "scheduled messages released");
      } catch (error) {
        this.options.logger.warn({ err: error }, "scheduler pass failed; will retry");
      }
    })();
    await this.running;
    this.running = undefined;
    this.schedule(released >= this.options.batchSize ? 0 : this.options.intervalMs);
  }
}
