import { describe, expect, it } from "vitest";
import { currentContext, WriteBatcher, withContext } from "../src/index.js";

/** A write that waits until told to finish, so a test decides what gathers meanwhile. */
function gatedWrite<T>() {
  const batches: T[][] = [];
  const gates: Array<(error?: Error) => void> = [];
  const write = (items: T[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      gates.push((error) => (error ? reject(error) : resolve(items.map((item) => `wrote ${item}`))));
    });
  /** Until the n-th batch's write has begun. */
  const started = async (n: number) => {
    while (batches.length < n) await new Promise((resolve) => setImmediate(resolve));
  };
  const release = async (error?: Error) => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.(error);
  };
  return { batches, write, release, started };
}

describe("WriteBatcher (group commit)", () => {
  it("writes an item at once when idle, and gathers what arrives meanwhile into the next batch", async () => {
    const { batches, write, release, started } = gatedWrite<number>();
    const batcher = new WriteBatcher(write);
    const first = batcher.add(1);
    await release();
    expect(await first).toBe("wrote 1");
    expect(batches).toEqual([[1]]);

    // Added in one tick: one batch.
    const together = [batcher.add(2), batcher.add(3)];
    await started(2);
    // Added while that batch is written: the next one, all together.
    const waiting = [batcher.add(4), batcher.add(5), batcher.add(6)];
    await release();
    expect(await Promise.all(together)).toEqual(["wrote 2", "wrote 3"]);
    await release();
    expect(await Promise.all(waiting)).toEqual(["wrote 4", "wrote 5", "wrote 6"]);
    expect(batches).toEqual([[1], [2, 3], [4, 5, 6]]);
  });

  it("keeps batches at most maxBatch long, in order", async () => {
    const { batches, write, release } = gatedWrite<number>();
    const batcher = new WriteBatcher(write, 2);
    const all = [1, 2, 3, 4, 5].map((n) => batcher.add(n));
    for (let i = 0; i < 3; i += 1) await release();
    expect(await Promise.all(all)).toEqual(["wrote 1", "wrote 2", "wrote 3", "wrote 4", "wrote 5"]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("a failed batch answers every caller in it with the error; the next batch is written as usual", async () => {
    const { batches, write, release, started } = gatedWrite<string>();
    const batcher = new WriteBatcher(write);
    const settled = Promise.allSettled([batcher.add("a"), batcher.add("b")]);
    await started(1);
    const later = batcher.add("c");
    await release(new Error("deadlock detected"));
    expect(
      (await settled).map((r) => (r.status === "rejected" ? (r.reason as Error).message : r.value)),
    ).toEqual(["deadlock detected", "deadlock detected"]);
    await release();
    expect(await later).toBe("wrote c");
    expect(batches).toEqual([["a", "b"], ["c"]]);
    await batcher.flushed();
  });

  it("with a gather window, an idle batcher waits for company: items added within it share a batch", async () => {
    const batches: number[][] = [];
    const batcher = new WriteBatcher(
      async (items: number[]) => {
        batches.push(items);
        return items;
      },
      1000,
      30,
    );
    const first = batcher.add(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = batcher.add(2);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
  });

  it("a write answering for the wrong number of items fails its batch", async () => {
    const batcher = new WriteBatcher(async (items: number[]) => items.slice(1));
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow(/once per item/);
  });

  it("runs its writes outside the request that started the batch", async () => {
    const seen: Array<string | undefined> = [];
    const batcher = new WriteBatcher(async (items: number[]) => {
      seen.push(currentContext()?.requestId);
      return items;
    });
    await withContext("req-1", undefined, () => batcher.add(1));
    expect(seen).toEqual([undefined]);
  });
});
