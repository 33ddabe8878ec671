import { timingSafeEqual } from "node:crypto";
import type { Tracer } from "@opentelemetry/api";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Distinct route labels one service keeps before the rest count as `other`: scanners cannot grow it. */
const MAX_ROUTES = 300;

/**
 * One service's Prometheus metrics, on a registry of its own (tests run several services in one
 * process). Built by `startService`, reached by the kit's parts through the bus (`bus.metrics`)
 * and the HTTP server's env, so no service wires anything. Label sets are bounded: routes are
 * patterns, durables and passes are names in code, error codes are the providers' own.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<"method" | "route" | "status">;
  readonly httpDuration: Histogram<"method" | "route">;
  readonly consumed: Counter<"durable" | "outcome">;
  readonly redeliveries: Counter<"durable">;
  readonly consumerPending: Gauge<"durable">;
  readonly handleDuration: Histogram<"durable">;
  readonly sends: Counter<"outcome" | "error_code">;
  readonly schedulerLag: Histogram<"pass">;
  readonly outboxPublished: Counter;
  readonly outboxDeadLettered: Counter;
  private readonly routes = new Set<string>();
  /**
   * The service's OpenTelemetry tracer when export is on (`OTEL_EXPORTER_OTLP_ENDPOINT`): it travels
   * with the metrics, so the kit's HTTP middleware, consumers and request-reply record spans
   * wherever they already count.
   */
  tracer: Tracer | undefined;

  private readonly token: Buffer | undefined;

  constructor(service: string, options: { defaultMetrics?: boolean; token?: string | undefined } = {}) {
    this.token = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
    this.registry.setDefaultLabels({ service });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests answered, by method, route pattern and status",
      labelNames: ["method", "route", "status"],
      registers,
    });
    this.httpDuration = new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to answer an HTTP request, by method and route pattern",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.consumed = new Counter({
      name: "consumer_messages_total",
      help: "Events a durable consumer finished with: ack, retry (nak) or dropped (term)",
      labelNames: ["durable", "outcome"],
      registers,
    });
    this.redeliveries = new Counter({
      name: "consumer_redeliveries_total",
      help: "Events delivered to a durable consumer again (delivery count above 1)",
      labelNames: ["durable"],
      registers,
    });
    this.consumerPending = new Gauge({
      name: "consumer_pending_messages",
      help: "Messages in the stream not yet delivered to the durable, as of its latest delivery (its lag)",
      labelNames: ["durable"],
      registers,
    });
    this.handleDuration = new Histogram({
      name: "consumer_handle_duration_seconds",
      help: "Time a durable consumer took per event (per batch for batch consumers)",
      labelNames: ["durable"],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    });
    this.sends = new Counter({
      name: "provider_sends_total",
      help: "Sends settled by this adapter: sent or failed, with the provider's error code",
      labelNames: ["outcome", "error_code"],
      registers,
    });
    this.outboxPublished = new Counter({
      name: "outbox_published_total",
      help: "Outbox events published to JetStream",
      registers,
    });
    this.outboxDeadLettered = new Counter({
      name: "outbox_dead_lettered_total",
      help: "Outbox events moved to outbox_dead",
      registers,
    });
    this.schedulerLag = new Histogram({
      name: "scheduler_lag_seconds",
      help: "How late due work was picked up after its due time, by pass",
      labelNames: ["pass"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
      registers,
    });
  }

  /**
   * The outbox's backlog, the age of its oldest event and its dead letters, read from the
   * database at each scrape (not on the hot path).
   */
  watchOutbox(read: () => Promise<{ backlog: number; oldestAgeSeconds: number; dead: number }>): void {
    let last: Promise<{ backlog: number; oldestAgeSeconds: number; dead: number }> | undefined;
    // One query per scrape for the three gauges.
    const once = () => {
      last ??= read().finally(() => setTimeout(() => (last = undefined), 0));
      return last;
    };
    const gauge = (name: string, help: string, pick: (r: Awaited<ReturnType<typeof read>>) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.set(pick(await once()));
        },
      });
    gauge("outbox_backlog_events", "Events written to the outbox and not yet published", (r) => r.backlog);
    gauge(
      "outbox_oldest_event_age_seconds",
      "Age of the oldest unpublished outbox event",
      (r) => r.oldestAgeSeconds,
    );
    gauge("outbox_dead_events", "Events set aside in outbox_dead (they need an operator)", (r) => r.dead);
  }

  /** A route label that stays bounded whatever paths clients send. */
  route(label: string): string {
    if (this.routes.has(label)) return label;
    if (this.routes.size >= MAX_ROUTES) return "other";
    this.routes.add(label);
    return label;
  }

  /** Whether an `Authorization` header may read the metrics (any, when no token is set). */
  authorized(header: string | undefined): boolean {
    if (!this.token) return true;
    const given = Buffer.from(header ?? "");
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  /** Prometheus text exposition of everything registered. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

const UUID_OR_NUMBER = /^(?:[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}|\d+)$/i;

/** `/v1/contacts/3f25…/messages` → `/v1/contacts/:id/messages`: a pattern for a path no route names. */
export function pathPattern(path: string): string {
  return path
    .split("/")
    .map((segment) => (UUID_OR_NUMBER.test(segment) ? ":id" : segment))
    .join("/");
}
