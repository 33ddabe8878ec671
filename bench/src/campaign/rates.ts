/** How fast a stream of events (epoch ms each) went. */
export interface RateStats {
  count: number;
  /** Epoch ms of the first and last event. */
  firstAt: number;
  lastAt: number;
  /** count ÷ (last − first). */
  overall: number;
  /** The middle 80%: events between the 10th and 90th percentile ÷ the time between them (no ramp-up, no tail). */
  sustained: number;
  /** Events per second in consecutive 5 s buckets from the first (the last, partial one left out). */
  buckets: number[];
}

export const BUCKET_MS = 5_000;

export function rateStats(times: number[]): RateStats {
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  const empty = {
    count: n,
    firstAt: Number.NaN,
    lastAt: Number.NaN,
    overall: Number.NaN,
    sustained: Number.NaN,
    buckets: [],
  };
  if (n < 2) return empty;
  const firstAt = sorted[0] as number;
  const lastAt = sorted[n - 1] as number;
  const lo = Math.floor(0.1 * (n - 1));
  const hi = Math.ceil(0.9 * (n - 1));
  const span = (sorted[hi] as number) - (sorted[lo] as number);
  const buckets: number[] = [];
  const full = Math.floor((lastAt - firstAt) / BUCKET_MS);
  for (let i = 0; i < full; i++) buckets.push(0);
  for (const t of sorted) {
    const b = Math.floor((t - firstAt) / BUCKET_MS);
    if (b < full) buckets[b] = (buckets[b] ?? 0) + 1000 / BUCKET_MS;
  }
  return {
    count: n,
    firstAt,
    lastAt,
    overall: lastAt > firstAt ? (n * 1000) / (lastAt - firstAt) : Number.NaN,
    sustained: span > 0 ? ((hi - lo) * 1000) / span : Number.NaN,
    buckets,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.floor(sorted.length / 2)] as number) : Number.NaN;
}

/** Hand-overs come in batches stamped alike (one per dispatcher visit): how many, how big, how far apart. */
export interface Batches {
  count: number;
  /** Median messages per batch. */
  size: number;
  /** Median ms between consecutive batches: how often the dispatcher came back to the channel. */
  periodMs: number;
}

export function batchesOf(times: number[]): Batches {
  const sizes = new Map<number, number>();
  for (const t of times) sizes.set(t, (sizes.get(t) ?? 0) + 1);
  const stamps = [...sizes.keys()].sort((a, b) => a - b);
  const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
  return { count: stamps.length, size: median([...sizes.values()]), periodMs: median(gaps) };
}
