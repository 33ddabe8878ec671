export interface FailureLimiterOptions {
  /** Failures allowed per key in one window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
  /** Keys kept; the least recently failing is dropped first. */
  maxKeys?: number;
  now?: () => number;
}

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Counts failures per key (a client address) in fixed windows that start at a key's first
 * failure: a key with `limit` failures in its window is refused until the window ends.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: FailureLimiterOptions) {
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** 0 when `key` may try again; else whole seconds (≥ 1) until it may. */
  retryAfterSeconds(key: string): number {
    const window = this.current(key);
    if (!window || this.options.limit === 0 || window.failures < this.options.limit) return 0;
    return Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    if (this.options.limit === 0) return;
    const window = this.current(key) ?? { failures: 0, endsAt: this.now() + this.options.windowMs };
    window.failures += 1;
    this.windows.delete(key);
    this.windows.set(key, window);
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
