import fc from "fast-check";
import { excerpt } from "./json-text.js";
import type { FuzzRequest } from "./requests.js";

/** What the fuzz counts across the run. */
export interface FuzzStats {
  requests: number;
  byStatus: Record<number, number>;
  serverErrors: number;
  /** The slowest requests, for tuning the budget. */
  slowest: Array<{ ms: number; request: string; status: number }>;
  /** The request sent before this one: a dropped connection may be its doing. */
  previous?: string;
}

export const newStats = (): FuzzStats => ({ requests: 0, byStatus: {}, serverErrors: 0, slowest: [] });

/** How long one request may take; a stalled answer is a failure, as a reset connection is. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Sends one request and says what is wrong with the answer: a 5xx, a 4xx without the
 * `{error, status, code}` body, or no answer at all (fetch rejects). No route is excused a 503:
 * every service of the stack is up, and providers are only called after the answer.
 */
export async function sendAndCheck(
  baseUrl: string,
  request: FuzzRequest,
  stats: FuzzStats,
): Promise<string | undefined> {
  stats.requests++;
  const previous = stats.previous;
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    stats.previous = `${request[fc.toStringMethod]()} → no answer`;
    const why = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
    return `no answer: ${why} (the request before it: ${previous})`;
  }
  const text = await res.text();
  stats.previous = `${request[fc.toStringMethod]()} → ${res.status}`;
  const ms = Math.round(performance.now() - started);
  stats.slowest.push({ ms, request: request[fc.toStringMethod]().slice(0, 160), status: res.status });
  stats.slowest.sort((a, b) => b.ms - a.ms).splice(5);
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
  if (res.status >= 500) stats.serverErrors++;
  if (res.status >= 500) return `${res.status}: ${excerpt(text, 400)}`;
  if (res.status >= 400) {
    let body: { error?: unknown; status?: unknown; code?: unknown } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      return `${res.status} without a JSON body: ${excerpt(text)}`;
    }
    if (typeof body?.error !== "string" || body.status !== res.status || typeof body.code !== "string") {
      return `${res.status} with a body not shaped {error, status, code}: ${excerpt(text)}`;
    }
  }
  return undefined;
}

/** The status of a request that should succeed (the targeted cases' control). */
export async function statusOf(baseUrl: string, request: FuzzRequest, stats: FuzzStats): Promise<number> {
  stats.requests++;
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await res.arrayBuffer();
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
  if (res.status >= 500) stats.serverErrors++;
  return res.status;
}
