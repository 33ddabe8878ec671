import { claimDue } from "../db/deliveries.js";
import type { DeliveryRow } from "../db/schema.js";
import type { WebhooksDeps } from "../deps.js";
import { attemptDelivery, type Target } from "./attempt.js";
import type { DeliveryClient } from "./egress.js";

export interface DispatcherOptions {
  perEndpoint: number;
  maxInFlight: number;
  intervalMs: number;
  /** How long a claimed attempt stays ours: the attempt's timeout and a margin. */
  leaseMs: number;
}

/**
 * Claims due deliveries and sends them without waiting for one another: up to `maxInFlight` at
 * once, `perEndpoint` per endpoint, so a receiver that hangs holds only its own slots. Woken by
 * new deliveries and by each finished attempt; otherwise it looks every `intervalMs` (retries).
 */
export class Dispatcher {
  private readonly busy = new Map<string, number>();
  private readonly attempts = new Set<Promise<void>>();
  private stopped = true;
  private loop: Promise<void> | undefined;
  private sleeping: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly deps: WebhooksDeps,
    private readonly client: DeliveryClient,
    private readonly options: DispatcherOptions,
  ) {}

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
    if (rows.length === 0) return 0;
    const targets = await this.targetsOf(rows);
    for (const row of rows) {
      const target = targets.get(row.id);
      if (target) this.launch(row, target);
    }
    return rows.length;
  }

  private launch(row: DeliveryRow, target: Target): void {
    this.busy.set(row.endpoint_id, (this.busy.get(row.endpoint_id) ?? 0) + 1);
    const attempt = attemptDelivery(this.deps, this.client, row, target)
      .catch((error: unknown) => {
        // The lease runs out and the delivery is claimed again: at least once.
        this.deps.logger.warn({ err: error, delivery: row.id }, "recording an attempt failed");
      })
      .finally(() => {
        const left = (this.busy.get(row.endpoint_id) ?? 1) - 1;
        if (left > 0) this.busy.set(row.endpoint_id, left);
        else this.busy.delete(row.endpoint_id);
        this.attempts.delete(attempt);
        this.wake();
      });
    this.attempts.add(attempt);
  }

  /** Each claimed delivery's endpoint (with whether it may receive) and body, in two queries. */
  private async targetsOf(rows: DeliveryRow[]): Promise<Map<string, Target>> {
    const endpointIds = [...new Set(rows.map((row) => row.endpoint_id))];
    const eventIds = [...new Set(rows.map((row) => row.event_id))];
    const [endpoints, events] = await Promise.all([
      this.deps.db
        .selectFrom("endpoints as ep")
        .innerJoin("applications as a", (join) =>
          join.onRef("a.organization_id", "=", "ep.organization_id").onRef("a.id", "=", "ep.application_id"),
        )
        .selectAll("ep")
        .select("a.active as application_active")
        .where("ep.id", "in", endpointIds)
        .execute(),
      this.deps.db.selectFrom("events").select(["id", "body"]).where("id", "in", eventIds).execute(),
    ]);
    const endpointById = new Map(endpoints.map((row) => [row.id, row]));
    const bodyById = new Map(events.map((row) => [row.id, row.body]));
    const targets = new Map<string, Target>();
    for (const row of rows) {
      const endpoint = endpointById.get(row.endpoint_id);
      const body = bodyById.get(row.event_id);
      if (!endpoint || body === undefined) continue;
      const { application_active, ...rest } = endpoint;
      targets.set(row.id, { endpoint: rest, enabled: rest.active && application_active, body });
    }
    return targets;
  }
}
