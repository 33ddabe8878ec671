import type { QueryExecutorProvider } from "kysely";
import type { Logger } from "../logger.js";
import { WriteBatcher } from "../write-batcher.js";
import { type RunSendSettings, runSend } from "./run-send.js";
import { claimDueSends, nextDueInMs, startAttempts } from "./send-ledger.js";
import type { SendProvider } from "./send-provider.js";

export interface SendLoopOptions<P, Prepared> extends RunSendSettings {
  db: QueryExecutorProvider;
  logger: Logger;
  provider: SendProvider<P, Prepared>;
  /** Sends in flight at once in this instance. */
  concurrency: number;
  /**
   * The longest the loop sleeps when nothing woke it (default 1 s): it wakes for the next send
   * falling due, for every accepted command and finished send, and at least this often for
   * what it cannot see coming (another instance's expired leases).
   */
  pollIntervalMs?: number;
}

/** 250 ms doubling per attempt, at most a minute. */
export const defaultSendBackoff = (attempts: number) => Math.min(60_000, 250 * 2 ** (attempts - 1));

/**
 * Works the ledger: claims due sends (SKIP LOCKED, leased, so instances share them and a dead
 * instance's sends come back when its lease runs out) and runs up to `concurrency` at once.
 * Pacing and retries are due times in the ledger, so a channel waiting for its next slot never
 * holds a place another channel's send could use.
 */
export class SendLoop<P, Prepared> {
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private claiming: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly settings: RunSendSettings;

  constructor(private readonly options: SendLoopOptions<P, Prepared>) {
    // The sends of one claim reach their calls together: their marks go in one statement.
    const attempts = new WriteBatcher(async (ids: string[]) => {
      const started = await startAttempts(options.db, ids, options.leaseMs);
      return ids.map((id) => started.get(id.toLowerCase()));
    });
    const startAttempt = async (id: string) => {
      const at = await attempts.add(id);
      if (!at) throw new Error(`send ${id} vanished from the ledger`);
      return at;
    };
    this.settings = { ...options, startAttempt };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for due sends now (a command was just accepted). */
  kick(): void {
    if (this.stopped) return;
    if (this.claiming) this.again = true;
    else this.schedule(0);
  }

  /** Stops claiming and waits for the sends in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.claiming;
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.claim(), delayMs);
  }

  private async claim(): Promise<void> {
    if (this.stopped || this.claiming) return;
    const free = this.options.concurrency - this.inFlight.size;
    let claimed = 0;
    // Every place taken: a send that ends wakes the loop.
    let idleMs = this.options.pollIntervalMs ?? 1_000;
    this.claiming = (async () => {
      if (free <= 0) return;
      try {
        const sends = await claimDueSends<P>(this.options.db, free, this.options.leaseMs);
        claimed = sends.length;
        for (const send of sends) {
          this.options.metrics?.schedulerLag.observe(
            { pass: "sends" },
            Math.max(0, send.claimed_at.getTime() - (send.due_at ?? send.claimed_at).getTime()) / 1000,
          );
          this.track(send);
        }
        if (claimed < free) idleMs = await this.idleDelay(claimed);
      } catch (error) {
        this.options.logger.warn({ err: error }, "claiming due sends failed; will retry");
      }
    })();
    await this.claiming;
    this.claiming = undefined;
    if (this.stopped) return;
    // A full claim may have left more behind: take them as soon as a place frees up.
    const more = (free > 0 && claimed === free) || this.again;
    this.again = false;
    if (!more) this.schedule(idleMs);
    else if (this.inFlight.size < this.options.concurrency) this.schedule(0);
  }

  /**
   * How long to sleep after a claim that left places free. Nothing claimed: until the next send
   * falls due (an idle loop costs two statements a second). Some claimed: their ends wake the
   * loop, and a short poll covers a send falling due meanwhile.
   */
  private async idleDelay(claimed: number): Promise<number> {
    const longest = this.options.pollIntervalMs ?? 1_000;
    if (claimed > 0) return Math.min(longest, 250);
    const next = await nextDueInMs(this.options.db);
    return Math.min(longest, next ?? longest);
  }

  private track(send: Parameters<typeof runSend<P, Prepared>>[2]): void {
    const { db, provider, logger } = this.options;
    const running = runSend(db, provider, send, this.settings, logger)
      .catch((error) => logger.error({ err: error, message_id: send.message_id }, "send step failed"))
      .finally(() => {
        this.inFlight.delete(running);
        this.kick();
      });
    this.inFlight.add(running);
  }
}
