import { execFileSync } from "node:child_process";
import { cpus, loadavg, release, totalmem } from "node:os";
import { connect } from "@nats-io/transport-node";
import type { Observer } from "../phases/observer.js";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  nats: string;
  /** 1-minute load average when the run began: how noisy the machine was. */
  loadAverage: number;
}

export async function describeMachine(observer: Observer, natsUrl: string): Promise<Machine> {
  const { rows } = await observer.query<{ server_version: string }>("show server_version");
  const nc = await connect({ servers: natsUrl });
  const nats = nc.info?.version ?? "unknown";
  await nc.close();
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    postgres: rows[0]?.server_version ?? "unknown",
    nats,
    loadAverage: loadavg()[0] ?? 0,
  };
}

export interface Revision {
  sha: string;
  /** Paths changed in the working tree: the run measured them too. */
  dirty: number;
}

export function describeRevision(root: string): Revision {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root }).toString().trim();
  try {
    return {
      sha: git("rev-parse", "--short", "HEAD"),
      dirty: git("status", "--porcelain").split("\n").filter(Boolean).length,
    };
  } catch {
    return { sha: "nogit", dirty: 0 };
  }
}
