import { randomUUID } from "node:crypto";
import { type OtlpCollector, startOtlpCollector, TEST_ADMIN_TOKEN, waitFor } from "@relay/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProcessStack } from "./process-stack.js";

/**
 * Observability as an operator sees it, each service its own process: `/metrics` in Prometheus
 * text, one access log line per request, and the request id a client sent followed from the
 * gateway through core's outbox and NATS into the log line of the consumer that handled the event.
 */
let stack: ProcessStack;
let collector: OtlpCollector;
let apiKey: string;
let organizationId: string;

beforeAll(async () => {
  collector = await startOtlpCollector();
  const traced = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
  stack = await ProcessStack.create({
    core: { LOG_LEVEL: "info", ...traced },
    conversations: { LOG_LEVEL: "debug", ...traced },
    gateway: { LOG_LEVEL: "info", ...traced },
  });
  await stack.start();
  const res = await fetch(`${stack.gatewayUrl}/admin/organizations`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Observed Staffing" }),
  });
  const body = (await res.json()) as { data: { organization: { id: string }; api_key: { key: string } } };
  apiKey = body.data.api_key.key;
  organizationId = body.data.organization.id;
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await collector?.close();
});

/** The JSON log lines a service wrote. */
function logLines(name: Parameters<ProcessStack["outputOf"]>[0]): Array<Record<string, unknown>> {
  return stack
    .outputOf(name)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Prometheus text format 0.0.4: every line a comment, blank, or `name{labels} value` (NaN and
 * Inf in any case, as Prometheus' own parser reads them; prom-client writes `Nan`).
 */
function parsePrometheus(
  text: string,
): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (-?[\d.e+-]+|nan|[+-]inf)$/i.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] as string] = pair[2] as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

describe("observability", () => {
  it("follows a client's request id from the gateway to the consumer of the event it caused", async () => {
    const requestId = `trace-${randomUUID()}`;
    const traceId = randomUUID().replaceAll("-", "");
    const res = await fetch(`${stack.gatewayUrl}/v1/contacts`, {
      method: "POST",
      headers: {
        "x-whippy-key": apiKey,
        "content-type": "application/json",
        "x-request-id": requestId,
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ phone: "+14155550199", name: "Traced Person" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe(requestId);

    // conversations keeps a contacts projection fed by core.contact.created.
    const handled = await waitFor(
      () =>
        logLines("conversations").find(
          (line) => line.msg === "event handled" && line.request_id === requestId,
        ),
      { timeoutMs: 20_000, description: `conversations' log line for ${requestId}` },
    );
    expect(handled).toMatchObject({
      trace_id: traceId,
      subject: expect.stringMatching(/core\.contact\.created$/),
    });

    // One access log line per request, at info, in the gateway and in core.
    for (const name of ["gateway", "core"] as const) {
      const access = logLines(name).filter((line) => line.msg === "request" && line.request_id === requestId);
      expect(access, name).toHaveLength(1);
      expect(access[0]).toMatchObject({
        level: 30,
        method: "POST",
        route: "/v1/contacts",
        status: 201,
        organization_id: organizationId,
        trace_id: traceId,
      });
      expect(typeof access[0]?.ms).toBe("number");
    }

    // With OTEL_EXPORTER_OTLP_ENDPOINT set, the same path is one trace at the collector: the
    // gateway's span under the client's, core's under the gateway's, the consumer's under core's.
    const spans = await waitFor(
      () => {
        const found = collector.spans.filter((span) => span.traceId === traceId);
        return found.some((span) => span.service === "conversations") ? found : undefined;
      },
      { timeoutMs: 20_000, description: "the trace's spans at the collector" },
    );
    const gateway = spans.find((span) => span.service === "gateway" && span.kind === 2);
    expect(gateway?.parentSpanId).toBe("00f067aa0ba902b7");
    const core = spans.find((span) => span.service === "core" && span.name === "POST /v1/contacts");
    expect(core?.parentSpanId).toBe(gateway?.spanId);
    expect(core?.attributes).toMatchObject({
      "http.response.status_code": 201,
      "relay.request_id": requestId,
    });
    const consumed = spans.find((span) => span.service === "conversations" && span.kind === 5);
    expect(consumed?.parentSpanId).toBe(core?.spanId);
  });

  it("serves /metrics in Prometheus text, counting requests by route and the consumers' work", async () => {
    const before = await scrape("gateway");
    const count = (samples: typeof before) =>
      samples.find(
        (s) =>
          s.name === "http_requests_total" &&
          s.labels.route === "/v1/contacts/:id" &&
          s.labels.method === "GET" &&
          s.labels.status === "404",
      )?.value ?? 0;
    const missing = await fetch(`${stack.gatewayUrl}/v1/contacts/${randomUUID()}`, {
      headers: { "x-whippy-key": apiKey },
    });
    expect(missing.status).toBe(404);
    const after = await scrape("gateway");
    expect(count(after)).toBe(count(before) + 1);
    expect(after.find((s) => s.name === "http_request_duration_seconds_count")).toBeDefined();
    expect(after.every((s) => s.labels.service === "gateway")).toBe(true);
    // Its own scrapes are not counted.
    expect(after.some((s) => s.labels.route === "/metrics")).toBe(false);

    const conversations = await scrape("conversations");
    const acked = conversations.filter(
      (s) => s.name === "consumer_messages_total" && s.labels.outcome === "ack" && s.value > 0,
    );
    expect(acked.length).toBeGreaterThan(0);
    for (const name of [
      "outbox_backlog_events",
      "outbox_oldest_event_age_seconds",
      "consumer_pending_messages",
    ])
      expect(
        conversations.some((s) => s.name === name),
        name,
      ).toBe(true);
  });
});

async function scrape(name: "gateway" | "conversations") {
  const res = await fetch(`${stack.urlOf(name)}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}
