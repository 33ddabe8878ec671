import { type ClaimedDelivery, cancelDelivery, claimDue } from "../db/deliveries.js";
import type { WebhooksDeps } from "../deps.js";
import { sendAttempt } from "./attempt.js";
import type { DeliveryClient } from "./egress.js";
import { AttemptRecorder } from "./outcomes.js";

export interface DispatcherOptions {
  perEndpoint: number;
  maxInFlight: number;
  intervalMs: number;
  /** How long a claimed attempt stays ours: the attempt's timeout and a margin. */
  leaseMs: number;
}

/**
 * Claims due deliveries and sends them without waiting for one another: up to `maxInFlight` at
 * once (from claim until the outcome is written), `perEndpoint` requests per endpoint, so a
 * receiver that hangs holds only its own slots. Outcomes are written in batches (AttemptRecorder).
 * Woken by new deliveries and by each finished attempt; otherwise it looks every `intervalMs`.
 */
export class Dispatcher {
  private readonly busy = new Map<string, number>();
  private readonly attempts = new Set<Promise<void>>();
  private stopped = true;
  private loop: Promise<void> | undefined;
  private sleeping: (() => void) | undefined;
  private woken = false;
  private readonly recorder: AttemptRecorder;

  constructor(
    private readonly deps: WebhooksDeps,
    private readonly client: DeliveryClient,
    private readonly options: DispatcherOptions,
  ) {
    this.recorder = new AttemptRecorder(deps);
  }

  start(): this {
    this.stopped = false;
    this.loop = this.run();
    return this;
  }

  wake(): void {
    this.woken = true;
    this.sleeping?.();
  }

  /** Stops claiming and waits for the attempts in flight (each ends within its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.attempts]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      const free = this.options.maxInFlight - this.attempts.size;
      let claimed = 0;
      if (free > 0) {
        claimed = await this.pass(free).catch((error: unknown) => {
          this.deps.logger.warn({ err: error }, "claiming deliveries failed; will retry");
          return 0;
        });
      }
      if (this.stopped) break;
      if (claimed === 0 || this.attempts.size >= this.options.maxInFlight) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.intervalMs);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.sleeping = undefined;
        resolve();
      }
      this.sleeping = done;
    });
  }

  private async pass(limit: number): Promise<number> {
    const rows = await claimDue(this.deps.db, {
      now: this.deps.now(),
      leaseMs: this.options.leaseMs,
      limit,
      busy: Object.fromEntries(this.busy),
      perEndpoint: this.options.perEndpoint,
    });
    for (const row of rows) this.launch(row);
    return rows.length;
  }

  private launch(delivery: ClaimedDelivery): void {
    const endpoint = delivery.endpoint_id;
    this.busy.set(endpoint, (this.busy.get(endpoint) ?? 0) + 1);
    // The endpoint's slot is free once its answer is in; the delivery stays leased until written.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.busy.get(endpoint) ?? 1) - 1;
      if (left > 0) this.busy.set(endpoint, left);
      else this.busy.delete(endpoint);
      this.wake();
    };
    const attempt = (
      delivery.enabled
        ? sendAttempt(this.client, this.deps.secrets, delivery, () => this.deps.now()).then((finished) => {
            release();
            return this.recorder.record(finished);
          })
        : cancelDelivery(this.deps.db, delivery.id, "endpoint disabled", this.deps.now())
    )
      .catch((error: unknown) => {
        // The lease runs out and the delivery is claimed again: at least once.
        this.deps.logger.warn({ err: error, delivery: delivery.id }, "recording an attempt failed");
      })
      .finally(() => {
        release();
        this.attempts.delete(attempt);
        this.wake();
      });
    this.attempts.add(attempt);
  }
}
