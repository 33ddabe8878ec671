/** After the 1st, 2nd, … failed attempt; past the table, every 10 hours. Over three days in all. */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
] as const;
/** A delivery failing this long is given up; an endpoint failing this long is disabled. */
export const GIVE_UP_AFTER_MS = 5 * 24 * 3_600_000;
/** Each delay moves by up to this fraction either way, so retries of one outage do not arrive as one burst. */
export const JITTER = 0.1;

/** How long to wait after the `failedAttempts`-th failed attempt (1 for the first). */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(failedAttempts, 1), RETRY_DELAYS_MS.length) - 1;
  const base: number = RETRY_DELAYS_MS[index] ?? 36_000_000;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
