import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderSummary, summarizeProfile } from "./summarize.js";

/**
 * Starts a new profile segment in every process of the stack (SIGUSR2, handled by
 * preload.mjs): what each wrote so far is saved, and what follows is profiled as `segment`.
 */
export function startSegment(stateDir: string, profileDir: string, segment: string): void {
  writeFileSync(join(profileDir, "segment"), segment);
  const { launcher, services } = JSON.parse(readFileSync(join(stateDir, "processes.json"), "utf8")) as {
    launcher: number;
    services: Record<string, number>;
  };
  for (const pid of [launcher, ...Object.values(services)]) process.kill(pid, "SIGUSR2");
}

/** Writes `<profile>.summary.txt` (top 30) beside each profile and prints each one's top packages. */
export function summarizeProfiles(dir: string, log: (line: string) => void): void {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .sort();
  for (const name of files) {
    const summary = summarizeProfile(JSON.parse(readFileSync(join(dir, name), "utf8")), 30);
    writeFileSync(
      join(dir, name.replace(/\.cpuprofile$/, ".summary.txt")),
      `${renderSummary(name, summary)}\n`,
    );
    if (/sandbox|\.(startup|shutdown|idle)\./.test(name)) continue;
    const top = summary.byPackage.slice(0, 6).map((e) => `${e.name} ${(e.share * 100).toFixed(0)}%`);
    log(`profile ${name}: ${summary.busyMs.toFixed(0)} ms busy; ${top.join(", ")}`);
  }
  log(`profiles and summaries in ${dir}`);
}
