import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type ApiResponse, call } from "@relay/local-stack";
import { freePort, type RunningTwilioFake, startTwilioFake, uniqueName, waitFor } from "@relay/testing";
import pg from "pg";

/** The Twilio account the bench's channels use; the fake stands in for api.twilio.com. */
export const BENCH_TWILIO = { sid: `AC${"be4c".repeat(8)}`, token: "bench-twilio-auth-token" };

export interface BenchTarget {
  gatewayUrl: string;
  twilio: RunningTwilioFake;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** Inbound messages stored by conversations so far. */
  countInbound(): Promise<number>;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, "../..");

/**
 * The stack as `pnpm start` runs it (each service its own process) on a fresh database and
 * NATS namespace, with the Twilio fake in this process so its receive times are exact.
 */
export async function startTarget(env: Record<string, string>): Promise<BenchTarget> {
  const adminUrl = process.env.DATABASE_URL ?? "";
  const database = uniqueName("relay_bench");
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`create database "${database}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;

  const twilio = await startTwilioFake({ accounts: { [BENCH_TWILIO.sid]: BENCH_TWILIO.token } });
  const ports = await Promise.all(Array.from({ length: 11 }, () => freePort()));
  const gatewayUrl = `http://127.0.0.1:${ports[0]}`;
  const stateDir = mkdtempSync(join(tmpdir(), "relay-bench-"));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      NATS_NAMESPACE: uniqueName("bench"),
      GATEWAY_PORT: String(ports[0]),
      CORE_PORT: String(ports[1]),
      CONVERSATIONS_PORT: String(ports[2]),
      PHONE_PORT: String(ports[3]),
      TWILIO_SANDBOX_PORT: String(ports[4]),
      EMAIL_PORT: String(ports[5]),
      EMAIL_SMTP_PORT: String(ports[6]),
      SMTP_SANDBOX_PORT: String(ports[7]),
      SMTP_SANDBOX_CONTROL_PORT: String(ports[8]),
      WHATSAPP_PORT: String(ports[9]),
      WHATSAPP_SANDBOX_PORT: String(ports[10]),
      TWILIO_API_URL: twilio.url,
      STATE_DIR: stateDir,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const key = await waitFor(() => /Demo API key\s+(wk_\S+)/.exec(output)?.[1], {
    timeoutMs: 90_000,
    description: "the stack to start",
  }).catch((error) => {
    child.kill("SIGKILL");
    throw new Error(`${error.message}\n${output}`);
  });

  const counter = new pg.Client({ connectionString: url.toString() });
  await counter.connect();
  return {
    gatewayUrl,
    twilio,
    api: (method, path, body) => call(gatewayUrl, key, method, path, body),
    async countInbound() {
      const { rows } = await counter.query<{ n: string }>(
        "select count(*) as n from conversations.messages where direction = 'INBOUND'",
      );
      return Number(rows[0]?.n ?? 0);
    },
    async stop() {
      await counter.end();
      child.kill("SIGINT");
      await exited;
      await twilio.stop();
      rmSync(stateDir, { recursive: true, force: true });
      await admin(`drop database if exists "${database}" with (force)`);
    },
  };
}
