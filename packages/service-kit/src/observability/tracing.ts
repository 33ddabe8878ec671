import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-base";
import { contextOf, contextWithTraceparent, type RequestContext } from "./request-context.js";

/**
 * OpenTelemetry export for one service: a tracer provider of its own (tests run several services
 * in one process, so nothing is registered globally), spans batched to an OTLP/HTTP collector.
 */
export interface Tracing {
  tracer: Tracer;
  /** Sends what is buffered and stops (the service's shutdown). */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  service: string;
  /** The collector's base URL; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** The share of new traces recorded; traced requests follow their caller's flag. */
  sampleRatio?: number;
  /** How long spans wait to be sent together (tests shorten it). */
  scheduledDelayMs?: number;
}

export function createTracing(options: TracingOptions): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, "")}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.service, "service.namespace": "relay" }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio ?? 1) }),
    spanProcessors: [
      new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.scheduledDelayMs ?? 2_000 }),
    ],
  });
  return { tracer: provider.getTracer("@relay/service-kit"), shutdown: () => provider.shutdown() };
}

const TRACEPARENT = /^00-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/** The remote parent a W3C `traceparent` names, or the root when there is none (or it is invalid). */
function parentContext(traceparent: string | null | undefined): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  if (!match || /^0+$/.test(match[1] as string) || /^0+$/.test(match[2] as string)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: match[1] as string,
    spanId: match[2] as string,
    traceFlags: Number.parseInt(match[3] as string, 16),
    isRemote: true,
  });
}

/** A span for one unit of work (a request, a consumed event) and the `traceparent` it passes on. */
export function startUnitSpan(
  tracer: Tracer,
  name: string,
  kind: SpanKind,
  parent: string | null | undefined,
  attributes: Attributes,
): { span: Span; traceparent: string } {
  const span = tracer.startSpan(name, { kind, attributes }, parentContext(parent));
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { span, traceparent: `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, "0")}` };
}

/** Ends a unit's span, marking it failed when the unit failed. */
export function endUnitSpan(span: Span, failure?: unknown, attributes?: Attributes): void {
  if (attributes) span.setAttributes(attributes);
  if (failure !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: failure instanceof Error ? failure.message : String(failure),
    });
  }
  span.end();
}

/** One unit of work's context, and the end of its span (nothing to end when tracing is off). */
export interface Unit {
  context: RequestContext;
  span: Span | undefined;
  end(failure?: unknown, attributes?: Attributes): void;
}

/**
 * Opens a unit of work under `parent` (a W3C traceparent): with a tracer, a recorded span whose id
 * is the unit's own in the context (so what it writes and calls carries it on); without one, the
 * same context with a span id of our own.
 */
export function openUnit(
  tracer: Tracer | undefined,
  requestId: string,
  parent: string | null | undefined,
  name: string,
  kind: SpanKind,
  attributes: Attributes = {},
  links: Array<string | null | undefined> = [],
): Unit {
  if (!tracer) return { context: contextOf(requestId, parent), span: undefined, end: () => undefined };
  const { span, traceparent } = startUnitSpan(tracer, name, kind, parent, {
    ...attributes,
    "relay.request_id": requestId,
  });
  for (const link of links) {
    const linked = trace.getSpanContext(parentContext(link));
    if (linked) span.addLink({ context: linked });
  }
  return {
    context: contextWithTraceparent(requestId, traceparent),
    span,
    end: (failure, extra) => endUnitSpan(span, failure, extra),
  };
}
