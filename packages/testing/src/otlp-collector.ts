import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface CollectedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  status: number;
  attributes: Record<string, unknown>;
  links: Array<{ traceId: string; spanId: string }>;
}

export interface OtlpCollector {
  /** Where services export to (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  url: string;
  spans: CollectedSpan[];
  close(): Promise<void>;
}

/** A stand-in OpenTelemetry collector: OTLP/HTTP with JSON bodies, as the exporter sends them. */
export function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const value = (v: Record<string, unknown>) => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      if (req.url === "/v1/traces" && req.headers["content-type"]?.includes("json")) {
        const payload = JSON.parse(body);
        for (const resource of payload.resourceSpans ?? []) {
          const attrs = Object.fromEntries(
            (resource.resource?.attributes ?? []).map(
              (a: { key: string; value: Record<string, unknown> }) => [a.key, value(a.value)],
            ),
          );
          for (const scope of resource.scopeSpans ?? [])
            for (const span of scope.spans ?? [])
              spans.push({
                service: String(attrs["service.name"]),
                name: span.name,
                kind: span.kind,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? "",
                status: span.status?.code ?? 0,
                attributes: Object.fromEntries(
                  (span.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [
                    a.key,
                    value(a.value),
                  ]),
                ),
                links: span.links ?? [],
              });
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        spans,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}
