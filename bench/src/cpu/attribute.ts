import { ticksToMs } from "./proc.js";
import type { Group, Ticks, Tracked } from "./sampler.js";

/** What a phase counts: which process groups, and the databases whose backends are its own. */
export interface Scope {
  groups: ReadonlySet<Group>;
  databases: ReadonlySet<string>;
}

export interface CpuUse {
  /** ms by group, counted groups only. */
  groups: Partial<Record<Group, number>>;
  /** ms by `group/label` (PostgreSQL: `backends`, `walwriter`…), counted only. */
  processes: Record<string, number>;
  total: number;
  /** Of the total, what the kernel did for these processes (stime). */
  kernel: number;
  /** Backends of other databases (someone else's work on the shared server): left out. */
  otherDatabasesMs: number;
}

export function attribute(
  tracked: ReadonlyMap<string, Tracked>,
  used: Map<string, Ticks>,
  scope: Scope,
): CpuUse {
  const out: CpuUse = { groups: {}, processes: {}, total: 0, kernel: 0, otherDatabasesMs: 0 };
  for (const [key, ticks] of used) {
    const process = tracked.get(key);
    if (!process) continue;
    const ms = ticksToMs(ticks.cpu);
    if (process.group === "postgres" && process.database && !scope.databases.has(process.database)) {
      out.otherDatabasesMs += ms;
      continue;
    }
    if (!scope.groups.has(process.group)) continue;
    out.groups[process.group] = (out.groups[process.group] ?? 0) + ms;
    const name = `${process.group}/${process.label}`;
    out.processes[name] = (out.processes[name] ?? 0) + ms;
    out.total += ms;
    out.kernel += ticksToMs(ticks.sys);
  }
  return out;
}
