import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `<state dir>/processes.json`: the launcher's pid and each running service's, for operators and tests. */
export function processFile(stateDir: string): string {
  return join(stateDir, "processes.json");
}

export function writeProcessFile(stateDir: string, services: Record<string, number>): void {
  mkdirSync(stateDir, { recursive: true });
  const file = processFile(stateDir);
  // Written whole then renamed, so a reader never sees half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ launcher: process.pid, services }, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Removed once everything has stopped: stale pids must not point a `kill` at someone else's process. */
export function removeProcessFile(stateDir: string): void {
  rmSync(processFile(stateDir), { force: true });
}
