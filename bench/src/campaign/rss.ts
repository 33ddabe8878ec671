import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Resident set size of a process now (VmRSS), in bytes; undefined once it is gone. */
export function readRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

export interface RssWindow {
  /** Highest RSS sampled per service while the window was open, in bytes. */
  end(): Record<string, number>;
}

/**
 * Samples the RSS of every service `pnpm start` runs (from `processes.json`, so a restarted
 * service is followed) every `intervalMs`; windows report the peak of each while they were open.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly open = new Set<Record<string, number>>();
  /** Services whose pid changed while sampled (a restart: its RSS started over). */
  readonly restarted = new Set<string>();
  private readonly pids = new Map<string, number>();

  constructor(private readonly stateDir: string) {}

  start(intervalMs = 250): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The RSS of each service now. */
  current(): Record<string, number> {
    const now: Record<string, number> = {};
    for (const [name, pid] of this.services()) {
      const rss = readRss(pid);
      if (rss !== undefined) now[name] = rss;
    }
    return now;
  }

  window(): RssWindow {
    const peaks: Record<string, number> = {};
    this.open.add(peaks);
    this.sample();
    return {
      end: () => {
        this.sample();
        this.open.delete(peaks);
        return peaks;
      },
    };
  }

  private services(): Array<[string, number]> {
    try {
      const { services } = JSON.parse(readFileSync(join(this.stateDir, "processes.json"), "utf8")) as {
        services: Record<string, number>;
      };
      return Object.entries(services).filter(([name]) => !name.endsWith("-sandbox"));
    } catch {
      return [...this.pids];
    }
  }

  private sample(): void {
    const now = this.current();
    for (const [name, pid] of this.services()) {
      const known = this.pids.get(name);
      if (known !== undefined && known !== pid) this.restarted.add(name);
      this.pids.set(name, pid);
    }
    for (const peaks of this.open)
      for (const [name, rss] of Object.entries(now)) peaks[name] = Math.max(peaks[name] ?? 0, rss);
  }
}

/**
 * Waits until a service of the stack is idle again (under 10% of a core for two half-second
 * samples running), e.g. still working on a request whose client has given up. At most `timeoutMs`.
 */
export async function waitQuiet(stateDir: string, service: string, timeoutMs = 180_000): Promise<number> {
  const started = performance.now();
  const pid = () => {
    try {
      const { services } = JSON.parse(readFileSync(join(stateDir, "processes.json"), "utf8")) as {
        services: Record<string, number>;
      };
      return services[service];
    } catch {
      return undefined;
    }
  };
  const ticks = () => {
    const p = pid();
    if (p === undefined) return undefined;
    try {
      const text = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  };
  let quiet = 0;
  let last = ticks();
  while (quiet < 2 && performance.now() - started < timeoutMs) {
    await new Promise((done) => setTimeout(done, 500));
    const now = ticks();
    // Clock ticks are 10 ms: at most 5 in half a second is under 10% of a core.
    quiet = now !== undefined && last !== undefined && now - last <= 5 ? quiet + 1 : 0;
    last = now;
  }
  return performance.now() - started;
}
