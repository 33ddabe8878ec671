import { type EventDef, type EventEnvelope, type EventOf, envelopeOf } from "@relay/domain";
import { type Kysely, type Migration, sql, type Transaction } from "kysely";
import type { z } from "zod";
import type { Logger } from "./logger.js";
import type { Bus } from "./nats.js";

/** Tables the kit owns inside every service's schema: include these migrations first. */
export const kitMigrations: Record<string, Migration> = {
  "0000_kit_outbox_inbox": {
    async up(db) {
      await sql`
        create table outbox (
          id uuid primary key,
          subject text not null,
          payload jsonb not null,
          created_at timestamptz not null default now(),
          seq bigserial not null
        )`.execute(db);
      await sql`create index outbox_seq_idx on outbox (seq)`.execute(db);
      await sql`
        create table inbox (
          consumer text not null,
          event_id uuid not null,
          processed_at timestamptz not null default now(),
          primary key (consumer, event_id)
        )`.execute(db);
    },
  },
};

/** Builds an event envelope, validating its data against the event's schema. */
export function newEvent<D extends EventDef>(
  def: D,
  organizationId: string,
  data: z.input<D["data"]>,
): EventOf<D> {
  return envelopeOf(def).parse({
    id: crypto.randomUUID(),
    type: def.subject,
    organization_id: organizationId,
    occurred_at: new Date().toISOString(),
    data,
  }) as EventOf<D>;
}

/** Writes events in the caller's transaction: they are published if and only if it commits. */
export async function enqueue<DB>(trx: Transaction<DB>, ...events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => sql`(${event.id}, ${event.type}, ${JSON.stringify(event)}::jsonb)`);
  await sql`insert into outbox (id, subject, payload) values ${sql.join(rows)}`.execute(trx);
}

/**
 * Marks an event as processed by `consumer` in the caller's transaction.
 * Returns false when it was already processed: the handler then does nothing.
 */
export async function claimEvent<DB>(
  trx: Transaction<DB>,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const result = await sql`
    insert into inbox (consumer, event_id) values (${consumer}, ${eventId})
    on conflict do nothing`.execute(trx);
  return (result.numAffectedRows ?? 0n) > 0n;
}

export interface OutboxRelayOptions<DB> {
  db: Kysely<DB>;
  bus: Bus;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
}

/**
 * Publishes committed outbox rows to JetStream, oldest first, then deletes them.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances share the work.
 * A crash between publish and delete republishes the rows; `Nats-Msg-Id` = event id
 * makes JetStream drop the copy, and consumers' inboxes catch anything older.
 */
export class OutboxRelay<DB> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: OutboxRelayOptions<DB>) {
    this.batchSize = options.batchSize ?? 200;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass now (after a commit), instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Publishes everything pending, then returns. */
  async flush(): Promise<void> {
    await this.running;
    while ((await this.publishBatch()) === this.batchSize) {
      // keep draining full batches
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), delayMs);
  }

  private async pass(): Promise<void> {
    if (this.running || this.stopped) return;
    let published = 0;
    this.running = (async () => {
      try {
        published = await this.publishBatch();
      } catch (error) {
        this.options.logger.warn({ err: error }, "outbox relay pass failed; will retry");
      }
    })();
    await this.running;
    this.running = undefined;
    const more = published === this.batchSize || this.again;
    this.again = false;
    if (!this.stopped) this.schedule(more ? 0 : this.pollIntervalMs);
  }

  /** One transaction: claim a batch, publish it, delete it. Returns how many were published. */
  async publishBatch(): Promise<number> {
    return this.options.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string; payload: EventEnvelope }>`
        select id, payload from outbox order by seq limit ${this.batchSize} for update skip locked`.execute(
        trx,
      );
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((row) => this.options.bus.publish(row.payload)));
      await sql`delete from outbox where id in (${sql.join(rows.map((row) => row.id))})`.execute(trx);
      return rows.length;
    });
  }
}

/** Runs work in a transaction; after it commits, wakes the relay so its events go out now. */
export type Transact<DB> = <T>(work: (trx: Transaction<DB>) => Promise<T>) => Promise<T>;

export function transactor<DB>(db: Kysely<DB>, relay?: { kick(): void }): Transact<DB> {
  return async (work) => {
    const result = await db.transaction().execute(work);
    relay?.kick();
    return result;
  };
}
