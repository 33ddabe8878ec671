/** When a service that exited unexpectedly is started again. */
export interface RestartPolicy {
  /** The delay before the first restart; each quick crash after it doubles the delay… */
  initialMs: number;
  /** …up to this cap, at which a crash-looping service keeps being retried. */
  maxMs: number;
  /** A service that ran at least this long before exiting starts over at `initialMs`. */
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialMs: 500, maxMs: 15_000, stableMs: 30_000 };

export interface NextRestart {
  delayMs: number;
  /** Restarts since the service last stayed up `stableMs`, this one included: the backoff exponent. */
  quickRestarts: number;
  /** The delay is at its cap: the service is crash-looping. */
  capped: boolean;
}

/** After a service ran `upMs` and exited, with `quickRestarts` restarts before it: when to restart it. */
export function nextRestart(policy: RestartPolicy, quickRestarts: number, upMs: number): NextRestart {
  const attempt = upMs >= policy.stableMs ? 0 : quickRestarts;
  const delayMs = Math.min(policy.maxMs, policy.initialMs * 2 ** attempt);
  return { delayMs, quickRestarts: attempt + 1, capped: delayMs >= policy.maxMs };
}

/** 500 → "0.5s", 15000 → "15s", 12345 → "12.3s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1_000 ? 2 : 1))}s`;
}
