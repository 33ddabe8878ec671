import { WriteBatcher } from "@relay/service-kit";
import type { Kysely } from "kysely";
import { insertLiveEvents, type LiveRow } from "../db/live-events.js";
import type { WebDB } from "../db/schema.js";

/** A row the live feed offers, with what makes a later row of the same batch replace it. */
export interface FeedRow extends LiveRow {
  /** Rows of one batch with the same key: only the last is stored (the app refetches the thing they name). */
  coalesceKey?: string;
}

/**
 * What a batch stores: each event once, and of rows sharing a key only the last, at its place
 * (a recipient's many changes become one row per campaign; a message's statuses its latest).
 */
export function coalesceRows(rows: FeedRow[]): LiveRow[] {
  const seenEvents = new Set<string>();
  const seenKeys = new Set<string>();
  const kept: LiveRow[] = [];
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    const { coalesceKey, ...row } = rows[i] as FeedRow;
    if (seenEvents.has(row.event_id) || (coalesceKey !== undefined && seenKeys.has(coalesceKey))) continue;
    seenEvents.add(row.event_id);
    if (coalesceKey !== undefined) seenKeys.add(coalesceKey);
    kept.push(row);
  }
  return kept.reverse();
}

/**
 * How long the writer waits for company when idle: streams read the table every `LIVE_POLL_MS`
 * (200 ms) anyway, so a few ms more turn a moderate load's one commit per event into one per burst.
 */
const GATHER_MS = 20;

/**
 * Group commit for every live-feed consumer of this instance (decision 59): the consumers' batches
 * that gather while one statement runs go into the next one. `write` resolves once its rows are
 * committed (or replaced by a later row committed with them, or left out: no session), so an event
 * is acked only then.
 */
export class LiveEventWriter {
  private readonly batcher: WriteBatcher<FeedRow[]>;

  constructor(db: Kysely<WebDB>) {
    this.batcher = new WriteBatcher<FeedRow[]>(
      async (batches) => {
        await insertLiveEvents(db, coalesceRows(batches.flat()));
        return batches.map((): void => undefined);
      },
      1000,
      GATHER_MS,
    );
  }

  write(rows: FeedRow[]): Promise<void> {
    return this.batcher.add(rows);
  }
}
