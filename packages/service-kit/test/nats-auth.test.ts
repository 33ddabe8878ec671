import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { dropSchemas, freeListenPort, serviceTestEnv, uniqueName, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BaseConfig,
  connectBus,
  createServiceApp,
  kitMigrations,
  loadConfig,
  portSetting,
  startService,
} from "../src/index.js";

/**
 * NATS with user/password authentication (a server of its own, on a free port below 32768):
 * a client without the credentials is refused; a service given NATS_USER/NATS_PASSWORD starts,
 * creates its streams (with the STREAM_* limits) and answers ready.
 */
const USER = "relay";
const PASSWORD = "nats-password-for-the-auth-test";
let server: ChildProcess;
let url: string;
const dir = mkdtempSync(join(tmpdir(), "relay-nats-auth-"));

beforeAll(async () => {
  const port = await freeListenPort();
  url = `nats://127.0.0.1:${port}`;
  server = spawn(
    "/usr/sbin/nats-server",
    ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir, "--user", USER, "--pass", PASSWORD],
    { stdio: "ignore" },
  );
  await waitFor(
    async () => {
      const nc = await connect({ servers: url, user: USER, pass: PASSWORD, timeout: 500 }).catch(
        () => undefined,
      );
      await nc?.close();
      return nc !== undefined;
    },
    { timeoutMs: 10_000, description: "the NATS server with auth to answer" },
  );
});
afterAll(() => {
  server?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

const TestConfig = BaseConfig.extend({ PORT: portSetting(0) });

describe("NATS authentication", () => {
  it("refuses a client without credentials, or with a wrong password", async () => {
    await expect(connect({ servers: url, timeout: 2_000, reconnect: false })).rejects.toThrow(
      /authorization/i,
    );
    await expect(
      connectBus({ url, name: "wrong", user: USER, password: "not-the-password" }).then((bus) => bus.close()),
    ).rejects.toThrow(/authorization/i);
  });

  it("a service given NATS_USER and NATS_PASSWORD starts, with its streams limited by the settings", async () => {
    const schema = uniqueName("kit_nats_auth");
    const namespace = uniqueName("auth");
    const config = loadConfig(
      TestConfig,
      serviceTestEnv({
        schema,
        namespace,
        extra: {
          NATS_URL: url,
          NATS_USER: USER,
          NATS_PASSWORD: PASSWORD,
          STREAM_MAX_AGE_HOURS: "2",
          STREAM_MAX_BYTES: "1048576",
        },
      }),
    );
    const service = await startService({
      name: "kit-auth",
      config,
      migrations: kitMigrations,
      streams: ["kitauth"],
      build: (ctx) => createServiceApp({ logger: ctx.logger, readiness: ctx.readiness }),
    });
    try {
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
      const bus = await connectBus({ url, name: "check", namespace, user: USER, password: PASSWORD });
      try {
        const info = await bus.jsm.streams.info(bus.stream("kitauth.x"));
        expect(info.config.max_age).toBe(2 * 3_600 * 1e9);
        expect(info.config.max_bytes).toBe(1_048_576);
      } finally {
        await bus.close();
      }
    } finally {
      await service.stop();
      await dropSchemas(schema);
    }
  });
});
