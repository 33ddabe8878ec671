const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Calls `stop` on the first SIGINT, SIGTERM or SIGHUP, and `force` on one more than `samePressMs`
 * later. Closer ones are the same request: Ctrl-C under `pnpm start` delivers SIGINT twice at
 * once, from the terminal and forwarded by pnpm.
 */
export function onStopSignals(
  stop: (signal: NodeJS.Signals) => void,
  force: (signal: NodeJS.Signals) => void,
  samePressMs = 1_000,
): void {
  let first: number | undefined;
  for (const name of STOP_SIGNALS)
    process.on(name, () => {
      if (first === undefined) {
        first = Date.now();
        stop(name);
      } else if (Date.now() - first > samePressMs) force(name);
    });
}

/**
 * Calls `gone` once the process that started this one has died (however: even kill -9), seen
 * as the parent pid changing when the orphan is re-parented. Under `pnpm start` that parent is
 * pnpm: without this, killing pnpm left the launcher and every service running.
 */
export function onParentExit(gone: () => void, intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, intervalMs);
  timer.unref();
}
