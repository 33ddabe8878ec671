export interface RateLimitDecision {
  allowed: boolean;
  /** Bucket capacity, reported as `X-RateLimit-Limit`. */
  limit: number;
  /** Whole requests left right now, reported as `X-RateLimit-Remaining`. */
  remaining: number;
  /** When refused: whole seconds (≥ 1) until one request is allowed again. */
  retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  /** Tokens added per second (the sustained rate). */
  ratePerSecond: number;
  /** Bucket capacity (the burst an idle client may send at once). */
  burst: number;
  /** Buckets kept; the least recently used is dropped first (an idle bucket is full anyway). */
  maxBuckets?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets, one per key (an organization id), held in this process's memory. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxBuckets: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.maxBuckets = options.maxBuckets ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Takes one token from `key`'s bucket if there is one. */
  take(key: string): RateLimitDecision {
    const { ratePerSecond, burst } = this.options;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * ratePerSecond);
    bucket.updatedAt = now;
    this.touch(key, bucket);

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, limit: burst, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
    return { allowed: false, limit: burst, remaining: 0, retryAfterSeconds };
  }

  private touch(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxBuckets) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
  }
}
