import { dropSchemas, serviceTestEnv, uniqueName, waitFor } from "@relay/testing";
import { describe, expect, it } from "vitest";
import {
  BaseConfig,
  createServiceApp,
  kitMigrations,
  loadConfig,
  portSetting,
  startService,
} from "../src/index.js";

const TestConfig = BaseConfig.extend({ PORT: portSetting(0) });

describe("graceful shutdown", () => {
  it("finishes an in-flight request, then refuses new connections", async () => {
    const schema = uniqueName("kit_shutdown");
    const config = loadConfig(TestConfig, serviceTestEnv({ schema, namespace: uniqueName("kit") }));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const service = await startService({
      name: "kit-shutdown",
      config,
      migrations: kitMigrations,
      streams: [],
      build(ctx) {
        const app = createServiceApp({ logger: ctx.logger, readiness: ctx.readiness });
        app.get("/slow", async (c) => {
          started = true;
          await gate;
          return c.json({ finished: true });
        });
        return app;
      },
    });

    const inFlight = fetch(`${service.url}/slow`);
    await waitFor(() => started, { description: "the slow request to start" });
    let stopped = false;
    const stopping = service.stop().then(() => {
      stopped = true;
    });

    // While the request is in flight the server no longer accepts connections, and stop waits.
    await waitFor(async () => {
      try {
        await fetch(`${service.url}/healthz`, { headers: { connection: "close" } });
        return false;
      } catch {
        return true;
      }
    });
    expect(stopped).toBe(false);

    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    await stopping;
    expect(stopped).toBe(true);
    await dropSchemas(schema);
  });
});
