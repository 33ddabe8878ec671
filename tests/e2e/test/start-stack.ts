import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { testDatabaseUrl, testNatsUrl, uniqueName, waitFor } from "@relay/testing";
import pg from "pg";

/**
 * `pnpm start` as the e2e tests run it: each stack gets its own database, state dir, NATS
 * namespace and free ports below 32768 (above, the kernel hands out ephemeral ports).
 */
export const root = resolve(import.meta.dirname, "../../..");

/** The stack's port settings, at these offsets from the gateway's port. */
const PORT_SETTINGS = [
  "GATEWAY_PORT",
  "CORE_PORT",
  "CONVERSATIONS_PORT",
  "PHONE_PORT",
  "TWILIO_SANDBOX_PORT",
  "EMAIL_PORT",
  "SMTP_PORT",
  "SMTP_SANDBOX_PORT",
  "SMTP_SANDBOX_CONTROL_PORT",
  "WHATSAPP_PORT",
  "CAMPAIGNS_PORT",
  "SEQUENCES_PORT",
  "WEBHOOKS_PORT",
  "WEB_PORT",
  "WHATSAPP_SANDBOX_PORT",
] as const;
type PortSetting = (typeof PORT_SETTINGS)[number];

export interface StackEnv {
  env: Record<string, string>;
  ports: Record<PortSetting, number>;
  gatewayUrl: string;
  stateDir: string;
  namespace: string;
  cleanup(): Promise<void>;
}

export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database, state dir, namespace and port block for one stack. */
export async function prepareStack(prefix: string): Promise<StackEnv> {
  const database = uniqueName(prefix);
  const namespace = uniqueName(prefix);
  const stateDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  await admin(`create database "${database}"`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  const base = await freePortBlock(PORT_SETTINGS.length);
  const ports = Object.fromEntries(PORT_SETTINGS.map((name, i) => [name, base + i])) as Record<
    PortSetting,
    number
  >;
  return {
    env: {
      DATABASE_URL: url.toString(),
      NATS_URL: testNatsUrl(),
      NATS_NAMESPACE: namespace,
      STATE_DIR: stateDir,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    },
    ports,
    gatewayUrl: `http://127.0.0.1:${ports.GATEWAY_PORT}`,
    stateDir,
    namespace,
    async cleanup() {
      await admin(`drop database if exists "${database}" with (force)`);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** `count` consecutive ports below 32768 that nothing holds right now. */
export async function freePortBlock(count: number): Promise<number> {
  for (;;) {
    const base = 10_000 + Math.floor(Math.random() * (32_768 - 10_000 - count));
    const held = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (held.every(Boolean)) return base;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

export interface StackRun {
  child: ChildProcess;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for the demo API key in the output. */
  key(): Promise<string>;
  /** `<state dir>/processes.json`, written by the launcher. */
  processes(): { launcher: number; services: Record<string, number> };
}

/**
 * Starts the launcher as the tests do (`node --import tsx scripts/start.ts`) or as a user does
 * (`pnpm start`); `group` puts it in a process group of its own, as a terminal's job is.
 */
export function startStack(
  stack: Pick<StackEnv, "env" | "stateDir">,
  options: { via?: "node" | "pnpm"; group?: boolean } = {},
): StackRun {
  const [command, args] =
    options.via === "pnpm"
      ? ["pnpm", ["start"]]
      : [process.execPath, ["--import", "tsx", "scripts/start.ts"]];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", STATE_DIR: stack.stateDir, ...stack.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.group ?? false,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exit,
    key: async () => {
      const key = waitFor(() => /Demo API key\s+(wk_\S+)/.exec(output)?.[1], { timeoutMs: 90_000 });
      // A launcher that exited will print no key: fail at once, with what it said.
      const exited = exit.then((how) =>
        Promise.reject(new Error(`pnpm start exited (${how.code ?? how.signal})`)),
      );
      return Promise.race([key, exited]).catch((error) => {
        throw new Error(`no demo API key in the output:\n${output}`, { cause: error });
      });
    },
    processes: () => JSON.parse(readFileSync(join(stack.stateDir, "processes.json"), "utf8")),
  };
}

/** Whether `pid` is a live process (a zombie, dead but not yet reaped, is not). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Live processes whose environment carries this NATS namespace: whatever a stack started, wherever it went. */
export function processesOf(namespace: string): number[] {
  const marker = `NATS_NAMESPACE=${namespace}\0`;
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker) && isAlive(pid);
      } catch {
        return false;
      }
    });
}
