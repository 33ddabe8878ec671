import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

/**
 * What a unit of work (an HTTP request, a consumed event) carries along: the request id the
 * gateway gave it and a W3C trace context. Every log line written meanwhile gets its fields
 * (pino's mixin), every event written to the outbox carries them in its NATS headers, and the
 * consumer of that event works under them again: one id from the client's request to the
 * last consumer. See docs/architecture.md §37.
 */
export interface RequestContext {
  requestId: string;
  /** `00-<trace id>-<this unit's span id>-<flags>`. */
  traceparent: string;
  /** What every log line of this unit adds (built once per unit, not per line). */
  logFields: Record<string, string>;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the work in hand, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` under no context: work shared by many units (a batch of theirs) belongs to none of them. */
export function outsideContext<T>(work: () => T): T {
  return storage.exit(work);
}

/** Runs `work` under a context (the request id, and a child span of `parent` when it is a valid traceparent). */
export function withContext<T>(requestId: string, parent: string | undefined | null, work: () => T): T {
  return storage.run(contextOf(requestId, parent), work);
}

export function contextOf(requestId: string, parent: string | undefined | null): RequestContext {
  return contextWithTraceparent(requestId, childTraceparent(parent));
}

/** A context whose own span is `traceparent` (one a tracer has already started). */
export function contextWithTraceparent(requestId: string, traceparent: string): RequestContext {
  return {
    requestId,
    traceparent,
    logFields: { request_id: requestId, trace_id: traceparent.slice(3, 35) },
  };
}

/**
 * The context's fields for a log line (pino's `mixin`): a fresh object each time, because pino
 * merges the line's own fields into what the mixin returns (a shared object would carry one
 * line's fields into every later line).
 */
export function contextLogFields(): Record<string, string> {
  const fields = storage.getStore()?.logFields;
  return fields ? { ...fields } : {};
}

const TRACEPARENT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/**
 * A new span under `parent` (same trace id and flags, a new span id), or the root of a new
 * trace when `parent` is absent or not a valid W3C traceparent (version ff, all-zero ids).
 */
export function childTraceparent(parent: string | undefined | null): string {
  const match = parent ? TRACEPARENT.exec(parent.trim().toLowerCase()) : null;
  const span = randomBytes(8).toString("hex");
  if (match && match[1] !== "ff" && !/^0+$/.test(match[2] as string) && !/^0+$/.test(match[3] as string))
    return `00-${match[2]}-${span}-${match[4]}`;
  return `00-${randomBytes(16).toString("hex")}-${span}-01`;
}

/** Header names the request id and trace context travel under, on HTTP and in NATS headers alike. */
export const TRACEPARENT_HEADER = "traceparent";

/** Runs `work` under an existing context. */
export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}
