import { outsideContext } from "./observability/request-context.js";

/**
 * Group commit for writes that concurrent callers make one at a time: `add` hands over one item
 * and resolves with its result once the batch holding it is written. While one batch is written
 * the next gathers, so under load the database sees one statement (or transaction) per batch
 * instead of one per item, and an idle batcher writes an item at once (no window to wait out,
 * unless it is given one).
 * A batch that fails rejects every caller in it with that error; nothing of it may have been
 * kept (`write` is atomic), and the batches after it are written as usual.
 */
export class WriteBatcher<T, R = void> {
  private queue: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private writing: Promise<void> | undefined;

  /**
   * `write` gets the items in the order they were added and returns one result per item, in
   * that order; it must write all of them or none. `gatherMs`: how long an idle batcher waits
   * for company before it writes, for writers no caller waits on in a hurry (0: at once).
   */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 1000,
    private readonly gatherMs = 0,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // The batch is no one caller's work: it runs outside the request that happened to start it.
      this.writing ??= outsideContext(() => this.drain());
    });
  }

  /** Resolves when everything added so far is written (or has failed). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // The first item's caller is still inside `add`: let the callers of this tick (or window) join it.
    await (this.gatherMs > 0
      ? new Promise((resolve) => setTimeout(resolve, this.gatherMs))
      : Promise.resolve());
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((entry) => entry.item));
        if (results.length !== batch.length) throw new Error("a batch write must answer once per item");
        batch.forEach((entry, i) => {
          entry.resolve(results[i] as R);
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error ?? new Error("the batch write failed"));
      }
    }
    this.writing = undefined;
  }
}
