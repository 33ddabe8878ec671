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
