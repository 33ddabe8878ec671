import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allPids, readCmdline, readStat } from "./proc.js";
import type { Target } from "./sampler.js";

/**
 * The launcher and every service `pnpm start` runs, from its `processes.json` (re-read each
 * sample, so a restarted service is followed). The sandboxes are left out: the bench's channels
 * use provider `twilio` on the bench's own fake, so no sandbox is on the measured path.
 */
export function stackSource(stateDir: string): () => Target[] {
  const file = join(stateDir, "processes.json");
  let known: Target[] = [];
  return () => {
    try {
      const { launcher, services } = JSON.parse(readFileSync(file, "utf8")) as {
        launcher: number;
        services: Record<string, number>;
      };
      known = [
        { pid: launcher, group: "stack", label: "launcher" },
        ...Object.entries(services)
          .filter(([name]) => !name.endsWith("-sandbox"))
          .map(([label, pid]) => ({ pid, group: "stack" as const, label })),
      ];
    } catch {
      // Mid-rename or removed at shutdown: keep following the last list.
    }
    return known;
  };
}

// "postgres: 15/main: <user> <database> 127.0.0.1(52270) idle" (the cluster name is optional).
const BACKEND_TITLE = /^postgres: (?:\S+: )?\S+ (\S+) (?:[\w.:-]+\(\d+\)|\[local\])/;
const AUX_TITLE = /^postgres: (?:\S+: )?(.+?)\s*$/;

/**
 * The postmaster and all its children: client backends (labelled with their database, so a
 * phase counts only its own) and the auxiliary processes (WAL writer, checkpointer…), which
 * serve every database and are counted in every phase.
 */
export function postgresSource(postmasterPid: number, excludedPids: ReadonlySet<number>): () => Target[] {
  return () => {
    const targets: Target[] = [{ pid: postmasterPid, group: "postgres", label: "postmaster" }];
    for (const pid of allPids()) {
      if (excludedPids.has(pid) || readStat(pid)?.ppid !== postmasterPid) continue;
      const title = readCmdline(pid);
      const backend = BACKEND_TITLE.exec(title);
      if (backend) targets.push({ pid, group: "postgres", label: "backends", database: backend[1] });
      else {
        const worker = /autovacuum worker (\S+)/.exec(title);
        const label = worker ? "autovacuum worker" : (AUX_TITLE.exec(title)?.[1] ?? "forked, untitled");
        targets.push({ pid, group: "postgres", label, database: worker?.[1] });
      }
    }
    return targets;
  };
}

export function natsSource(): () => Target[] {
  const pids = allPids().filter((pid) => readStat(pid)?.comm === "nats-server");
  return () => pids.map((pid) => ({ pid, group: "nats", label: "nats-server" }));
}

export function fixedSource(pid: number, target: Omit<Target, "pid">): () => Target[] {
  return () => [{ pid, ...target }];
}
