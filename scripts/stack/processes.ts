import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { prettyFactory } from "pino-pretty";
import type { ServiceSpec } from "./settings.js";

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];

export interface ServiceProcess {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts a service as its own Node process; its JSON logs are printed readably with a prefix. */
export function spawnService(spec: ServiceSpec, index: number, env: Record<string, string>): ServiceProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", spec.entry ?? `services/${spec.name}/src/main.ts`],
    {
      env: { ...process.env, ...env, ...spec.env, PORT: String(spec.port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const color = COLORS[index % COLORS.length];
  const prefix = process.stdout.isTTY
    ? `\x1b[${color}m${spec.name.padEnd(13)}|\x1b[0m `
    : `${spec.name.padEnd(13)}| `;
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
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { spec, child, exited };
}

/** Waits until the service's /readyz answers 200, or it exits, or the deadline passes. */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`${service.spec.name} exited with code ${exitCode} while starting`);
    try {
      const res = await fetch(`http://127.0.0.1:${service.spec.port}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.spec.name} was not ready after ${timeoutMs / 1000}s`);
}

/** SIGTERM to all (in reverse start order), then SIGKILL whatever is still running after the grace period. */
export async function stopAll(services: ServiceProcess[], graceMs = 15_000): Promise<void> {
  for (const service of [...services].reverse()) {
    if (service.child.exitCode === null) service.child.kill("SIGTERM");
    const timer = setTimeout(() => service.child.kill("SIGKILL"), graceMs);
    await service.exited;
    clearTimeout(timer);
  }
}
