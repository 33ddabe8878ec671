import { defineEvent, defineRequest } from "@relay/domain";
import {
  dropSchemas,
  type OtlpCollector,
  serviceTestEnv,
  startOtlpCollector,
  uniqueName,
  waitFor,
} from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  BaseConfig,
  createServiceApp,
  enqueue,
  kitMigrations,
  loadConfig,
  newEvent,
  portSetting,
  type RunningService,
  reply,
  request,
  startConsumer,
  startService,
} from "../src/index.js";

const Worked = defineEvent("kittrace.work.done", z.object({ n: z.number().int() }));
const Lookup = defineRequest("rpc.kittrace.lookup", z.object({ n: z.number() }), z.object({ n: z.number() }));
const TestConfig = BaseConfig.extend({ PORT: portSetting(0) });

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

let collector: OtlpCollector;
let service: RunningService;
const schema = uniqueName("kit_trace");
const consumed: number[] = [];

beforeAll(async () => {
  collector = await startOtlpCollector();
  const config = loadConfig(TestConfig, {
    ...serviceTestEnv({ schema, namespace: uniqueName("kittrace") }),
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
  });
  service = await startService({
    name: "kit-traced",
    config,
    migrations: kitMigrations,
    streams: ["kittrace"],
    async build(ctx) {
      reply(ctx.bus, ctx.logger, Lookup, async ({ n }) => ({ n: n * 2 }));
      const consumer = await startConsumer({
        bus: ctx.bus,
        logger: ctx.logger,
        durable: "kittrace-worked",
        event: Worked,
        handle: async (event) => {
          consumed.push(event.data.n);
        },
      });
      ctx.lifecycle.onShutdown("consumer", () => consumer.stop());
      const app = createServiceApp({ logger: ctx.logger, readiness: ctx.readiness });
      app.post("/work/:n", async (c) => {
        const { n } = await request(ctx.bus, Lookup, { n: Number(c.req.param("n")) });
        await ctx.transact((trx) => enqueue(trx, newEvent(Worked, crypto.randomUUID(), { n })));
        return c.json({ n });
      });
      app.get("/broken", () => {
        throw new Error("boom");
      });
      return app;
    },
  });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await collector?.close();
  await dropSchemas(schema);
});

describe("OpenTelemetry export (OTEL_EXPORTER_OTLP_ENDPOINT)", () => {
  it("records a request, the question it asks and the event it causes as one trace under the caller's span", async () => {
    const res = await fetch(`${service.url}/work/21`, {
      method: "POST",
      headers: { traceparent: `00-${TRACE}-${CALLER_SPAN}-01` },
    });
    expect(res.status).toBe(200);
    await fetch(`${service.url}/broken`);
    await fetch(`${service.url}/healthz`);
    await waitFor(() => consumed.includes(42), { description: "the event to be consumed" });
    // Spans leave in batches every 2 s; the shutdown sends what is left.
    await waitFor(() => collector.spans.filter((s) => s.traceId === TRACE).length >= 3, {
      timeoutMs: 15_000,
      description: "the trace's spans at the collector",
    });
    const trace = collector.spans.filter((s) => s.traceId === TRACE);
    const server = trace.find((s) => s.name === "POST /work/:n");
    expect(server).toMatchObject({
      service: "kit-traced",
      kind: 2, // SERVER
      parentSpanId: CALLER_SPAN,
      attributes: { "http.route": "/work/:n", "http.response.status_code": 200 },
    });
    const asked = trace.find((s) => s.name === "rpc.kittrace.lookup");
    expect(asked?.parentSpanId).toBe(server?.spanId);
    const handled = trace.find((s) => s.name === "kittrace-worked process");
    expect(handled).toMatchObject({ kind: 5, parentSpanId: server?.spanId }); // CONSUMER
    expect(handled?.attributes["messaging.destination.name"]).toMatch(/kittrace\.work\.done$/);

    const broken = collector.spans.find((s) => s.name === "GET /broken");
    expect(broken?.status).toBe(2); // ERROR
    expect(broken?.parentSpanId).toBe(""); // no traceparent came: a trace of its own
    expect(broken?.traceId).not.toBe(TRACE);
    expect(collector.spans.some((s) => s.attributes["url.path"] === "/healthz")).toBe(false);
  });
});
