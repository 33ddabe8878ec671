import type { EgressClient } from "@relay/service-kit";
import { type ClaimedDelivery, cancelDelivery, claimDue } from "../db/deliveries.js";
import type { WebhooksDeps } from "../deps.js";
import { type FinishedAttempt, sendAttempt } from "./attempt.js";
import { AttemptRecorder } from "./outcomes.js";

export interface DispatcherOptions {
  perEndpoint: number;
  maxInFlight: number;
  intervalMs: number;
  /**
   * How long a claimed delivery stays ours: a wait for its endpoint's slot (at most one attempt's
   * timeout), its own attempt's timeout, and a margin.
   */
  leaseMs: number;
}

/** An endpoint's requests in flight, and the claimed deliveries waiting for one of its slots. */
interface Slots {
  inFlight: number;
  waiting: (() => void)[];
}

/**
 * Claims due deliveries and sends them without waiting for one another: up to `maxInFlight` at
 * once (from claim until the outcome is written), `perEndpoint` requests per endpoint, so a
 * receiver that hangs holds only its own slots. Up to `perEndpoint` more per endpoint are
 * claimed ahead and wait in order for a slot, so a slot freed is taken without a round trip to
 * the database. Outcomes are written in batches (AttemptRecorder). Woken by new deliveries and by
 * each finished attempt; otherwise it looks every `intervalMs`.
 */
export class Dispatcher {
  private readonly slots = new Map<string, Slots>();
  private readonly attempts = new Set<Promise<void>>();
  private stopped = true;
  private loop: Promise<void> | undefined;
  private sleeping: (() => void) | undefined;
  private woken = false;
  private readonly recorder: AttemptRecorder;

  constructor(
    private readonly deps: WebhooksDeps,
    private readonly client: EgressClient,
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
      busy: Object.fromEntries([...this.slots].map(([id, s]) => [id, s.inFlight + s.waiting.length])),
      perEndpoint: 2 * this.options.perEndpoint,
    });
    for (const row of rows) this.launch(row);
    return rows.length;
  }

  private launch(delivery: ClaimedDelivery): void {
    const attempt = (delivery.enabled ? this.send(delivery) : this.cancel(delivery))
      .catch((error: unknown) => {
        // The lease runs out and the delivery is claimed again: at least once.
        this.deps.logger.warn({ err: error, delivery: delivery.id }, "recording an attempt failed");
      })
      .finally(() => {
        this.attempts.delete(attempt);
        this.wake();
      });
    this.attempts.add(attempt);
  }

  /** Waits for a slot of the endpoint, sends, frees the slot, then has the outcome written. */
  private async send(delivery: ClaimedDelivery): Promise<void> {
    const endpoint = delivery.endpoint_id;
    await this.acquire(endpoint);
    let finished: FinishedAttempt;
    try {
      finished = await sendAttempt(this.client, this.deps.secrets, delivery, () => this.deps.now());
    } finally {
      this.release(endpoint);
    }
    await this.recorder.record(finished);
  }

  private cancel(delivery: ClaimedDelivery): Promise<void> {
    return cancelDelivery(this.deps.db, delivery.id, "endpoint disabled", this.deps.now());
  }

  private acquire(endpoint: string): Promise<void> {
    const slots = this.slots.get(endpoint) ?? { inFlight: 0, waiting: [] };
    this.slots.set(endpoint, slots);
    if (slots.inFlight < this.options.perEndpoint) {
      slots.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => slots.waiting.push(resolve));
  }

  /** The slot goes to the next delivery waiting for it (in claim order), or is free. */
  private release(endpoint: string): void {
    const slots = this.slots.get(endpoint);
    if (!slots) return;
    const next = slots.waiting.shift();
    if (next) next();
    else if (--slots.inFlight === 0) this.slots.delete(endpoint);
    this.wake();
  }
}
