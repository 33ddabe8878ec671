import { setTimeout as sleep } from "node:timers/promises";

/**
 * Waits `ms`, calling `heartbeat` every few seconds (so the bus keeps the message ours),
 * and stops early with an error when `signal` aborts (shutdown).
 */
export async function pause(
  ms: number,
  options: { heartbeat?: () => void; signal?: AbortSignal; beatEveryMs?: number },
): Promise<void> {
  const beat = options.beatEveryMs ?? 5_000;
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await sleep(Math.min(left, beat), undefined, { signal: options.signal });
    options.heartbeat?.();
  }
}
