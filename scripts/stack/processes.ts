import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { prettyFactory } from "pino-pretty";
import type { ServiceSpec } from "./settings.js";

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];
const CHILD_HOOKS = new URL("./child-hooks.ts", import.meta.url).href;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  spec: ServiceSpec;
  child: ChildProcess;
  pid: number;
  startedAt: number;
  /** Ports the process reported listening on (see child-hooks.ts). */
  listening: Set<number>;
  exited: Promise<Exit>;
}

/**
 * Starts a service as its own Node process; its JSON logs are printed readably with a prefix.
 * It gets its own process group, so a terminal's Ctrl-C reaches only the launcher, which stops
 * the services in order; an IPC channel lets it report its ports and notice the launcher dying.
 */
export function spawnService(spec: ServiceSpec, index: number, env: Record<string, string>): ServiceProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", CHILD_HOOKS, spec.entry ?? `services/${spec.name}/src/main.ts`],
    {
      env: { ...process.env, ...env, ...spec.env, PORT: String(spec.port) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    },
  );
  // A failed spawn is reported by the throw below; a failed kill needs no report.
  child.on("error", () => undefined);
  if (child.pid === undefined) throw new Error(`${spec.name} could not be started`);
  const listening = new Set<number>();
  child.on("message", (message: { type?: unknown; port?: unknown }) => {
    if (message?.type === "listening" && typeof message.port === "number") listening.add(message.port);
  });
  printOutput(child, spec.name, index);
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { spec, child, pid: child.pid, startedAt: Date.now(), listening, exited };
}

export function isRunning(service: ServiceProcess): boolean {
  return service.child.exitCode === null && service.child.signalCode === null;
}

export function describeExit(exit: Exit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** Signals the service's whole process group, so nothing it may have started is left behind. */
export function signal(service: ServiceProcess, name: NodeJS.Signals): void {
  if (!isRunning(service)) return;
  try {
    process.kill(-service.pid, name);
  } catch {
    service.child.kill(name);
  }
}

/** SIGTERM, then SIGKILL if it is still running after the grace period. */
export async function stopProcess(service: ServiceProcess, graceMs: number): Promise<void> {
  signal(service, "SIGTERM");
  const timer = setTimeout(() => signal(service, "SIGKILL"), graceMs);
  await service.exited;
  clearTimeout(timer);
}

function printOutput(child: ChildProcess, name: string, index: number): void {
  const color = COLORS[index % COLORS.length];
  const prefix = process.stdout.isTTY ? `\x1b[${color}m${name.padEnd(13)}|\x1b[0m ` : `${name.padEnd(13)}| `;
  const pretty = prettyFactory({
    colorize: Boolean(process.stdout.isTTY),
    ignore: "pid,hostname,service,name",
    translateTime: "HH:MM:ss",
    singleLine: true,
  });
  const print = (line: string) => {
    const text = line.startsWith("{") ? pretty(line).trimEnd() : line;
    process.stdout.write(`${prefix}${text}\n`);
  };
  if (child.stdout) createInterface({ input: child.stdout }).on("line", print);
  if (child.stderr) createInterface({ input: child.stderr }).on("line", print);
}
