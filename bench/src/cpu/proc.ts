import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** The kernel's clock tick: /proc times are in these units. */
export const CLK_TCK = Number.parseInt(execFileSync("getconf", ["CLK_TCK"]).toString().trim(), 10) || 100;

export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime of every thread, in clock ticks. */
  ticks: number;
  /** stime alone: the kernel's share (syscalls, loopback TCP, page faults). */
  sysTicks: number;
  /** Ticks after boot: with the pid, names one process even if its pid is reused. */
  startTime: number;
}

/** `/proc/<pid>/stat`, or undefined once the process is gone. */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // comm may hold spaces and parentheses: the fields start after the last ')'.
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  return {
    pid,
    comm: text.slice(text.indexOf("(") + 1, close),
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
    sysTicks: Number(fields[12]),
    startTime: Number(fields[19]),
  };
}

export function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

export function allPids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

export const ticksToMs = (ticks: number) => (ticks * 1000) / CLK_TCK;
