import { resolve } from "node:path";
import { MessageCreated } from "@relay/domain";
import { connectBus, newEvent } from "@relay/service-kit";
import {
  dropSchemas,
  freePort,
  TEST_CREDENTIALS_KEY,
  TEST_INTERNAL_TOKEN,
  testDatabaseUrl,
  testNatsUrl,
  uniqueName,
  WebhookReceiver,
  waitFor,
} from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Supervisor } from "../../../scripts/stack/supervisor.js";
import { sampleMessage } from "./harness.js";

const schema = uniqueName("webhooks_crash");
const namespace = uniqueName("whcrash");
const lines: string[] = [];
let supervisor: Supervisor;
let receiver: WebhookReceiver;
let url: string;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  supervisor = new Supervisor({
    env: {
      DATABASE_URL: testDatabaseUrl(),
      NATS_URL: testNatsUrl(),
      NATS_NAMESPACE: namespace,
      INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    },
    log: (line) => lines.push(line),
  });
  await supervisor.start({
    name: "webhooks",
    port,
    entry: resolve(import.meta.dirname, "../src/main.ts"),
    env: {
      DATABASE_SCHEMA: schema,
      WEBHOOKS_ALLOW_LOCALHOST: "true",
      DELIVERY_TIMEOUT_MS: "1000",
      DISPATCH_INTERVAL_MS: "50",
    },
  });
}, 60_000);
afterAll(async () => {
  await supervisor?.stop();
  await receiver?.stop();
  await dropSchemas(schema);
});

describe("kill -9 mid-delivery", () => {
  it("loses no delivery: what was in flight or not yet consumed arrives after the restart", async () => {
    const organizationId = crypto.randomUUID();
    const res = await fetch(`${url}/v1/developers/endpoints`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-internal-token": TEST_INTERNAL_TOKEN,
        "x-organization-id": organizationId,
      },
      body: JSON.stringify({ url: `${receiver.url}/crash`, event_types: ["message.created"] }),
    });
    const endpoint = ((await res.json()) as { data: { signing_secret: string } }).data;
    receiver.trust("/crash", endpoint.signing_secret);
    receiver.behave("/crash", { hang: true });

    const bus = await connectBus({ url: testNatsUrl(), name: "crash-test", namespace });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 30; i++) {
        const message = sampleMessage({ body: `m${i}` });
        ids.push(message.id);
        await bus.publish(newEvent(MessageCreated, organizationId, message));
      }
      // Attempts are in flight (the receiver holds them) when the process dies.
      await waitFor(() => receiver.at("/crash").length >= 1, { timeoutMs: 10_000 });
      const pid = supervisor.pids().webhooks;
      if (pid === undefined) throw new Error("webhooks is not running");
      const ready = lines.filter((line) => line.startsWith("webhooks is ready again")).length;
      process.kill(pid, "SIGKILL");
      receiver.behave("/crash", { status: [200] });
      for (let i = 30; i < 40; i++) {
        const message = sampleMessage({ body: `m${i}` });
        ids.push(message.id);
        await bus.publish(newEvent(MessageCreated, organizationId, message));
      }
      await waitFor(() => lines.filter((line) => line.startsWith("webhooks is ready again")).length > ready, {
        timeoutMs: 60_000,
        description: `restart:\n${lines.join("\n")}`,
      });
      const answered = () =>
        new Set(
          receiver
            .at("/crash")
            .filter((r) => r.standardValid)
            .map((r) => r.json.data.id as string),
        );
      await waitFor(() => ids.every((id) => answered().has(id)), {
        timeoutMs: 30_000,
        description: "every message delivered after the restart",
      });
      expect(receiver.at("/crash").every((r) => r.standardValid && r.whippyValid)).toBe(true);
    } finally {
      await bus.close();
    }
  }, 120_000);
});
