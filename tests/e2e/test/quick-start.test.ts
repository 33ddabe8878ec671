import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { testDatabaseUrl, testNatsUrl, uniqueName, waitFor } from "@relay/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The README's `pnpm start`, run as a user would: a fresh database, free ports, its own
 * state dir; it must print a working key, and Ctrl-C must stop everything cleanly.
 */
const root = resolve(import.meta.dirname, "../../..");
const database = uniqueName("relay_quickstart");
const stateDir = mkdtempSync(join(tmpdir(), "relay-quickstart-"));
const gatewayPort = 20_000 + Math.floor(Math.random() * 20_000);
const databaseUrl = () => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
};

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startStack(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", STATE_DIR: stateDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, output: () => output, exit };
}

beforeAll(() => admin(`create database "${database}"`));
afterAll(async () => {
  await admin(`drop database if exists "${database}" with (force)`);
  rmSync(stateDir, { recursive: true, force: true });
});

describe("pnpm start", () => {
  it("brings the stack up, prints a working API key, and stops cleanly on Ctrl-C", async () => {
    const run = startStack({
      DATABASE_URL: databaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_NAMESPACE: uniqueName("quickstart"),
      GATEWAY_PORT: String(gatewayPort),
      CORE_PORT: String(gatewayPort + 1),
      CONVERSATIONS_PORT: String(gatewayPort + 2),
      PHONE_PORT: String(gatewayPort + 3),
      TWILIO_SANDBOX_PORT: String(gatewayPort + 4),
      EMAIL_PORT: String(gatewayPort + 5),
      EMAIL_SMTP_PORT: String(gatewayPort + 6),
      SMTP_SANDBOX_PORT: String(gatewayPort + 7),
      SMTP_SANDBOX_CONTROL_PORT: String(gatewayPort + 8),
      WHATSAPP_PORT: String(gatewayPort + 9),
      WHATSAPP_SANDBOX_PORT: String(gatewayPort + 10),
    });
    try {
      const key = await waitFor(() => /Demo API key\s+(wk_\S+)/.exec(run.output())?.[1], {
        timeoutMs: 60_000,
        description: `the demo API key in the output:\n${run.output()}`,
      });
      const gateway = `http://127.0.0.1:${gatewayPort}`;
      expect(run.output()).toContain(`${gateway}/docs`);

      const channels = await fetch(`${gateway}/v1/channels`, { headers: { "x-whippy-key": key } });
      expect(channels.status).toBe(200);
      const created = await fetch(`${gateway}/v1/contacts`, {
        method: "POST",
        headers: { "x-whippy-key": key, "content-type": "application/json" },
        body: JSON.stringify({ name: "Jane", phone: "+14155552671" }),
      });
      expect(created.status).toBe(201);

      // The demo organization's sandbox channel sends, and the sandbox answers back.
      const sent = await fetch(`${gateway}/v1/messaging/sms`, {
        method: "POST",
        headers: { "x-whippy-key": key, "content-type": "application/json" },
        body: JSON.stringify({
          from: "+15555550100",
          to: "+15555550123",
          body: "Hello from the quick start",
        }),
      });
      expect(sent.status).toBe(201);
      const sandbox = `http://127.0.0.1:${gatewayPort + 4}`;
      await waitFor(async () => {
        const res = await fetch(`${sandbox}/sandbox/messages`);
        const { messages } = (await res.json()) as { messages: Array<{ body: string; status: string }> };
        return messages.some((m) => m.body === "Hello from the quick start" && m.status === "delivered");
      });
      const reply = await fetch(`${sandbox}/sandbox/sms`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: "+15555550123", to: "+15555550100", body: "Got it" }),
      });
      expect(((await reply.json()) as { status: number }).status).toBe(200);
    } finally {
      run.child.kill("SIGINT");
    }
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain("stopping all services");
  });

  it("explains in one line when PostgreSQL cannot be reached, and exits", async () => {
    const run = startStack({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", NATS_URL: testNatsUrl() });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/PostgreSQL is not reachable at .*; start it with: pg_ctlcluster/);
  });

  it("names a malformed setting and exits", async () => {
    const run = startStack({ GATEWAY_PORT: "eighty" });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/GATEWAY_PORT/);
  });
});
