import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { freeListenPort, uniqueName, waitFor } from "@relay/testing";

export interface RunningStack {
  gatewayUrl: string;
  apiKey: string;
  /** Holds `processes.json`: the launcher's and each service's pid. */
  stateDir: string;
  /** The listeners' ports by setting (`CAMPAIGNS_PORT`…). */
  ports: Record<string, string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  databaseUrl: string;
  env: Record<string, string>;
  /** Set: every Node process of the stack writes a CPU profile here on exit. */
  profileDir?: string;
}

const root = resolve(import.meta.dirname, "../..");
const PROFILE_PRELOAD = pathToFileURL(resolve(import.meta.dirname, "profile/preload.mjs")).href;
const PORTS = [
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
  "WHATSAPP_SANDBOX_PORT",
];

/**
 * The stack exactly as `pnpm start` runs it (scripts/start.ts: each service its own process),
 * on its own database and NATS namespace. Listeners get free ports below the ephemeral range.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const ports: Record<string, string> = {};
  for (const name of PORTS) ports[name] = String(await freeListenPort());
  const gatewayUrl = `http://127.0.0.1:${ports.GATEWAY_PORT}`;
  const stateDir = mkdtempSync(join(tmpdir(), "relay-bench-"));
  // --cpu-prof is refused in NODE_OPTIONS; an --import preload runs the inspector's profiler instead.
  const profile = options.profileDir
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${PROFILE_PRELOAD}`.trim(),
        BENCH_PROFILE_DIR: options.profileDir,
      }
    : {};
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      ...ports,
      DATABASE_URL: options.databaseUrl,
      NATS_NAMESPACE: uniqueName("bench"),
      STATE_DIR: stateDir,
      ...options.env,
      ...profile,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    // Only start-up matters (the key, or why it failed); later lines are dropped.
    if (output.length < 200_000) output += chunk;
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const apiKey = await waitFor(() => /Demo API key\s+(wk_\S+)/.exec(output)?.[1], {
    timeoutMs: 180_000,
    intervalMs: 200,
    description: "the stack to start",
  }).catch((error: Error) => {
    child.kill("SIGKILL");
    throw new Error(`${error.message}\n${output}`);
  });
  return {
    gatewayUrl,
    apiKey,
    stateDir,
    ports,
    async stop() {
      child.kill("SIGINT");
      await exited;
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
