import type { Kysely } from "kysely";
import { EventTooLargeError } from "./large-payloads.js";
import type { Logger } from "./logger.js";
import type { Bus } from "./nats.js";
import { claimFairBatch, deadLetterRows, deferRows, deleteRows, type OutboxRow } from "./outbox-store.js";

export interface OutboxRelayOptions<DB> {
  db: Kysely<DB>;
  bus: Bus;
  logger: Logger;
  /** Organizations served per pass. */
  organizationsPerPass?: number;
  /** Rows per organization per pass: one organization's backlog cannot crowd out the others. */
  rowsPerOrganization?: number;
  pollIntervalMs?: number;
  /** The longest the poll interval grows to while passes find nothing (commits wake it anyway). */
  maxIdleMs?: number;
  /** How long a kick waits for more commits, so one pass carries the rows of many. */
  gatherMs?: number;
  /** Failed publishes of one row (while others succeed) before it is moved to `outbox_dead`. */
  maxAttempts?: number;
}

export interface RelayStats {
  published: number;
  deadLettered: number;
}

/** Errors that no retry can fix: the row is set aside at once. */
function isPermanent(error: unknown): boolean {
  if (error instanceof EventTooLargeError) return true;
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /InvalidSubjectError|max_payload|payload.*exceed/i.test(text);
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Publishes committed outbox rows to JetStream, then deletes them, in one transaction per pass.
 * Rows are claimed with FOR UPDATE SKIP LOCKED (instances share the work) and fairly across
 * organizations. A row that fails is retried later on its own, without holding up the rows
 * behind it, and is moved to `outbox_dead` (logged once) when it can never be published or
 * keeps failing while others go through. A crash between publish and delete republishes;
 * `Nats-Msg-Id` = event id makes JetStream drop the copy, and consumers' inboxes catch the rest.
 */
export class OutboxRelay<DB> {
  readonly stats: RelayStats = { published: 0, deadLettered: 0 };
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private lastPassAt = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private resumeAfter: string | undefined;
  private idleDelayMs: number;
  private readonly organizations: number;
  private readonly perOrganization: number;
  private readonly pollIntervalMs: number;
  private readonly maxIdleMs: number;
  private readonly gatherMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly options: OutboxRelayOptions<DB>) {
    this.organizations = options.organizationsPerPass ?? 100;
    this.perOrganization = options.rowsPerOrganization ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxIdleMs = Math.max(this.pollIntervalMs, options.maxIdleMs ?? 2_000);
    this.gatherMs = options.gatherMs ?? 20;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.idleDelayMs = this.pollIntervalMs;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /**
   * Asks for a pass (after a commit) instead of waiting for the next poll: at once when the
   * relay was idle, else within `gatherMs`, so under load one pass carries many commits' rows
   * instead of one or two. Kicks while a pass runs share the next one.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const busy = Date.now() - this.lastPassAt < 4 * this.gatherMs;
    this.schedule(busy ? this.gatherMs : 0);
  }

  /** Publishes everything that can be published now, then returns. */
  async flush(): Promise<void> {
    await this.running;
    for (;;) {
      const pass = await this.publishBatch();
      if (!pass.more) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flush().catch((error) => this.options.logger.warn({ err: error }, "outbox flush failed"));
  }

  /** A pass in `delayMs`, unless one is due sooner already. */
  private schedule(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pass();
    }, delayMs);
  }

  private async pass(): Promise<void> {
    if (this.running || this.stopped) return;
    let more = false;
    this.running = (async () => {
      try {
        const result = await this.publishBatch();
        more = result.more;
        // Nothing went out though rows are waiting: NATS is away; poll less often until it is back.
        if (result.stalled) this.idleDelayMs = Math.min(this.idleDelayMs * 2, 5_000);
        // Nothing to do: commits wake the relay, so the poll (other instances' leftovers, retries) slows.
        else if (result.published === 0) this.idleDelayMs = Math.min(this.idleDelayMs * 2, this.maxIdleMs);
        else {
          this.idleDelayMs = this.pollIntervalMs;
          this.lastPassAt = Date.now();
        }
      } catch (error) {
        this.options.logger.warn({ err: error }, "outbox relay pass failed; will retry");
        this.idleDelayMs = Math.min(this.idleDelayMs * 2, 5_000);
      }
    })();
    await this.running;
    this.running = undefined;
    const again = this.again;
    this.again = false;
    if (!this.stopped) this.schedule(more ? 0 : again ? this.gatherMs : this.idleDelayMs);
  }

  /**
   * One transaction: claim a fair batch, publish each row, delete what went out, defer or set
   * aside what did not. `more`: a full batch went out, so there may be more waiting now.
   */
  async publishBatch(): Promise<{ published: number; more: boolean; stalled: boolean }> {
    return this.options.db.transaction().execute(async (trx) => {
      const batch = await claimFairBatch(trx, {
        organizations: this.organizations,
        perOrganization: this.perOrganization,
        ...(this.resumeAfter !== undefined && { after: this.resumeAfter }),
      });
      this.resumeAfter = batch.resumeAfter;
      if (batch.rows.length === 0) return { published: 0, more: batch.full, stalled: false };
      const outcomes = await Promise.allSettled(
        batch.rows.map((row) => this.options.bus.publish(row.payload, row)),
      );
      const published: string[] = [];
      const failed: Array<{ row: OutboxRow; error: unknown }> = [];
      outcomes.forEach((outcome, i) => {
        const row = batch.rows[i] as OutboxRow;
        if (outcome.status === "fulfilled") published.push(row.id);
        else failed.push({ row, error: outcome.reason });
      });
      await deleteRows(trx, published);
      // When nothing went out, the bus is the problem, not the rows: do not count it against them.
      const stalled = published.length === 0;
      const dead = failed.filter(
        ({ row, error }) => isPermanent(error) || (!stalled && row.attempts + 1 >= this.maxAttempts),
      );
      const retry = failed.filter((failure) => !dead.includes(failure));
      await deadLetterRows(
        trx,
        dead.map(({ row, error }) => ({ id: row.id, error: describe(error) })),
      );
      if (!stalled)
        await deferRows(
          trx,
          retry.map(({ row, error }) => ({ id: row.id, error: describe(error) })),
        );
      for (const { row, error } of dead) {
        this.options.logger.error(
          { err: error, event_id: row.id, type: row.payload.type, organization_id: row.organization_id },
          "event cannot be published; moved to outbox_dead",
        );
      }
      if (retry.length > 0 && !stalled) {
        this.options.logger.warn(
          { failed: retry.length, err: retry[0]?.error },
          "some events failed to publish; retrying them later",
        );
      }
      this.stats.published += published.length;
      this.stats.deadLettered += dead.length;
      this.options.bus.metrics.outboxPublished.inc(published.length);
      if (dead.length > 0) this.options.bus.metrics.outboxDeadLettered.inc(dead.length);
      return {
        published: published.length,
        more: batch.full && published.length > 0,
        stalled: stalled && dead.length < failed.length,
      };
    });
  }
}
