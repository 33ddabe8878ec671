import type { ChannelScope } from "@relay/service-kit";
import { inChannelScope } from "@relay/service-kit";
import { type Kysely, sql } from "kysely";
import type { WebDB } from "../db/schema.js";

export interface LiveEvent {
  seq: number;
  organization_id: string;
  channel_id: string | null;
  type: string;
  data: unknown;
  admins_only: boolean;
}

/** One open stream: an organization, an agent's channels, and where its events go. */
export interface Subscriber {
  organizationId: string;
  scope: ChannelScope | undefined;
  /** Receives admins-only events (campaigns'); re-read with the session at each heartbeat. */
  admin: boolean;
  push(event: LiveEvent): void;
}

/** How long a hole in the numbering is waited for: a transaction that took a number may not have committed. */
const GAP_WAIT_MS = 2_000;
/** Most events one resumed stream replays. */
const REPLAY_LIMIT = 1_000;

export const visibleTo = (subscriber: Subscriber, event: LiveEvent) =>
  event.organization_id === subscriber.organizationId &&
  (event.admins_only
    ? subscriber.admin
    : event.channel_id !== null && inChannelScope(subscriber.scope, event.channel_id));

/**
 * Fans `live_events` out to this instance's open streams: one query per poll for all of them.
 * Rows are read in number order; a missing number holds the cursor for a moment, so an event
 * committed late (a lower number than one already seen) is not skipped.
 */
export class LiveHub {
  private cursor = 0;
  private gapSince: number | undefined;
  private readonly subscribers = new Set<Subscriber>();

  constructor(
    private readonly db: Kysely<WebDB>,
    private readonly now: () => number = Date.now,
  ) {}

  async init(): Promise<void> {
    const row = await this.db
      .selectFrom("live_events")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .executeTakeFirst();
    this.cursor = Number(row?.seq ?? 0);
  }

  /** One poll: delivers what is new; returns how many events it read. */
  async poll(limit: number): Promise<number> {
    const rows = await this.db
      .selectFrom("live_events")
      .select(["seq", "organization_id", "channel_id", "type", "data", "admins_only"])
      .where("seq", ">", String(this.cursor))
      .orderBy("seq")
      .limit(limit)
      .execute();
    let read = 0;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== this.cursor + 1) {
        this.gapSince ??= this.now();
        if (this.now() - this.gapSince < GAP_WAIT_MS) break;
      }
      this.gapSince = undefined;
      this.cursor = seq;
      read++;
      const event: LiveEvent = { ...row, seq };
      for (const subscriber of this.subscribers) if (visibleTo(subscriber, event)) subscriber.push(event);
    }
    return read;
  }

  /**
   * Starts a stream; with `after` (a `Last-Event-ID`) it first replays what it missed, in order,
   * before anything new. Returns the function that ends it.
   */
  async subscribe(subscriber: Subscriber, after?: number): Promise<() => void> {
    if (after === undefined || after >= this.cursor) {
      this.subscribers.add(subscriber);
      return () => this.subscribers.delete(subscriber);
    }
    const upTo = this.cursor;
    const held: LiveEvent[] = [];
    const holding: Subscriber = { ...subscriber, push: (event) => held.push(event) };
    this.subscribers.add(holding);
    const missed = await this.db
      .selectFrom("live_events")
      .select(["seq", "organization_id", "channel_id", "type", "data", "admins_only"])
      .where("organization_id", "=", subscriber.organizationId)
      .where("seq", ">", String(after))
      .where("seq", "<=", String(upTo))
      .orderBy("seq")
      .limit(REPLAY_LIMIT)
      .execute();
    for (const row of missed) {
      const event = { ...row, seq: Number(row.seq) };
      if (visibleTo(subscriber, event)) subscriber.push(event);
    }
    for (const event of held) subscriber.push(event);
    this.subscribers.delete(holding);
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get streams(): number {
    return this.subscribers.size;
  }

  /** Drops events older than the retention (a stream resumed later starts fresh). */
  async prune(retentionMinutes: number): Promise<void> {
    await this.db
      .deleteFrom("live_events")
      .where("created_at", "<", sql<Date>`now() - make_interval(mins => ${retentionMinutes})`)
      .execute();
  }
}
