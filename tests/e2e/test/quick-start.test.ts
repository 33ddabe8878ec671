import { testDatabaseUrl, testNatsUrl, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, prepareStack, type StackEnv, startStack } from "./start-stack.js";

/**
 * The README's `pnpm start`, run as a user would: a fresh database, free ports, its own
 * state dir; it must print a working key, and Ctrl-C must stop everything cleanly.
 */
let stack: StackEnv;
beforeAll(async () => {
  stack = await prepareStack("relay_quickstart");
});
afterAll(() => stack.cleanup());

describe("pnpm start", () => {
  it("brings the stack up, prints a working API key, and stops cleanly on Ctrl-C", async () => {
    const run = startStack(stack);
    let services: number[] = [];
    try {
      const key = await run.key();
      const gateway = stack.gatewayUrl;
      expect(run.output()).toContain(`${gateway}/docs`);
      // The printed demo login signs in to the printed web app.
      expect(run.output()).toContain(`${gateway}/app`);
      const login = /Demo login\s+(\S+)\s+\/\s+(\S+)/.exec(run.output());
      expect(login).not.toBeNull();
      const session = await fetch(`${gateway}/app/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: login?.[1], password: login?.[2] }),
      });
      expect(session.status).toBe(201);
      expect((await fetch(`${gateway}/app`)).headers.get("content-type")).toMatch(/text\/html/);

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
      const sandbox = `http://127.0.0.1:${stack.ports.TWILIO_SANDBOX_PORT}`;
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
      services = Object.values(run.processes().services);
    } finally {
      run.child.kill("SIGINT");
    }
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain("stopping all services");
    expect(services.filter(isAlive)).toEqual([]);
  }, 120_000);

  it("explains in one line when PostgreSQL cannot be reached, and exits", async () => {
    const run = startStack({
      stateDir: stack.stateDir,
      env: { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", NATS_URL: testNatsUrl() },
    });
    expect((await run.exit).code).toBe(1);
    // The hint names the port DATABASE_URL names, and commands that exist beyond Debian.
    expect(run.output()).toMatch(
      /PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/none .*; start PostgreSQL listening on 127\.0\.0\.1:1 .*docker run -d -p 1:5432/,
    );
    expect(run.output()).not.toMatch(/pg_ctlcluster|start-stop-daemon/);
  });

  it("explains in one line when NATS cannot be reached, naming its port, and exits", async () => {
    const run = startStack({
      stateDir: stack.stateDir,
      env: { NATS_URL: "nats://127.0.0.1:1", DATABASE_URL: testDatabaseUrl() },
    });
    expect((await run.exit).code).toBe(1);
    expect(run.output()).toMatch(
      /NATS is not reachable at nats:\/\/127\.0\.0\.1:1 .*; start nats-server with JetStream on 127\.0\.0\.1:1 \(`nats-server -js -a 127\.0\.0\.1 -p 1`/,
    );
    expect(run.output()).not.toMatch(/PostgreSQL is not reachable/);
  });

  it("names a malformed setting and exits", async () => {
    const run = startStack({ stateDir: stack.stateDir, env: { GATEWAY_PORT: "eighty" } });
    expect((await run.exit).code).toBe(1);
    expect(run.output()).toMatch(/GATEWAY_PORT/);
  });
});
