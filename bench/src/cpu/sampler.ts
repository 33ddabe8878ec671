import { readStat } from "./proc.js";

export type Group = "stack" | "postgres" | "nats" | "baseline";

/** A process to measure, as a source reports it. */
export interface Target {
  pid: number;
  group: Group;
  label: string;
  /** PostgreSQL backends: the database they serve (attributed per phase). */
  database?: string;
}

export interface Tracked extends Target {
  key: string;
}

/** Cumulative CPU ticks (all, and kernel) of every process seen so far, by `pid:starttime`. */
export interface Ticks {
  cpu: number;
  sys: number;
}
export type Snapshot = ReadonlyMap<string, Ticks>;

/**
 * Samples utime+stime of the processes its sources name, every `intervalMs`, so a process that
 * exits mid-phase keeps its last reading and one that appears counts from zero (see `ticksBetween`).
 */
export class CpuSampler {
  private readonly last = new Map<string, Ticks>();
  readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sources: Array<() => Target[]>) {}

  start(intervalMs = 250): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A fresh sample, frozen: what each process had used up to now (exited ones: their last). */
  mark(): Snapshot {
    this.sample();
    return new Map(this.last);
  }

  private sample(): void {
    for (const source of this.sources) {
      for (const target of source()) {
        const stat = readStat(target.pid);
        if (!stat) continue;
        const key = `${target.pid}:${stat.startTime}`;
        const known = this.tracked.get(key);
        // A backend's database may show in its title only after its first sample.
        if (!known || (known.database === undefined && target.database !== undefined))
          this.tracked.set(key, { ...target, key });
        this.last.set(key, { cpu: stat.ticks, sys: stat.sysTicks });
      }
    }
  }
}

/** Ticks each process used between two marks; processes first seen after `from` count from zero. */
export function ticksBetween(from: Snapshot, to: Snapshot): Map<string, Ticks> {
  const used = new Map<string, Ticks>();
  for (const [key, ticks] of to) {
    const before = from.get(key) ?? { cpu: 0, sys: 0 };
    if (ticks.cpu > before.cpu) used.set(key, { cpu: ticks.cpu - before.cpu, sys: ticks.sys - before.sys });
  }
  return used;
}
