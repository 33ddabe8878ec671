import { Readable } from "node:stream";
import { UnavailableError, ValidationError } from "@relay/domain";
import type { Dispatcher } from "undici";
import { clientResponseHeaders, headersFromRecord } from "./headers.js";
import { isConnectionReset, mayResend } from "./resend.js";
import type { Upstream } from "./upstreams.js";

export interface ForwardOptions {
  headers: Headers;
  /** Deadline for the upstream's response headers; the body may stream for longer. */
  timeoutMs: number;
}

/** Answers that never carry a body (a Response refuses one). */
const NO_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * Sends the client's request to `upstream` (same method, raw path, query; body buffered so it
 * can be resent) and streams the answer back. A connection reset before any answer is retried
 * once when resending is safe. An upstream that cannot be reached, or misses the deadline, is
 * a 503 naming the service. Redirects are passed back, not followed.
 */
export async function forward(
  request: Request,
  upstream: Upstream,
  options: ForwardOptions,
): Promise<Response> {
  const { pathname, search } = new URL(request.url);
  const body = request.method === "GET" || request.method === "HEAD" ? null : await readBody(request);
  const headers = new Headers(options.headers);
  // undici frames the buffered body itself; a client's length may not match it after re-reading.
  headers.delete("content-length");

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("upstream timed out")), options.timeoutMs);
  request.signal.addEventListener("abort", () => controller.abort(request.signal.reason), { once: true });
  const send = () =>
    upstream.pool.request({
      method: request.method,
      path: `${upstream.basePath}${pathname}${search}`,
      headers,
      body,
      signal: controller.signal,
    });
  try {
    let answer: Dispatcher.ResponseData;
    try {
      answer = await send();
    } catch (error) {
      const resend =
        !controller.signal.aborted && isConnectionReset(error) && mayResend(request.method, request.headers);
      if (!resend) throw error;
      answer = await send();
    }
    return toClientResponse(request.method, answer);
  } catch (error) {
    throw new UnavailableError(`${upstream.service} is unavailable`, error);
  } finally {
    clearTimeout(timer);
  }
}

/** The kit's bodyLimit has already refused anything over 5 MiB, so buffering is bounded. */
async function readBody(request: Request): Promise<Buffer> {
  try {
    return Buffer.from(await request.arrayBuffer());
  } catch (error) {
    // The client went away mid-body: its fault, not an upstream's, and nobody reads the answer.
    throw new ValidationError("the request body could not be read", undefined, error);
  }
}

function toClientResponse(method: string, answer: Dispatcher.ResponseData): Response {
  const headers = clientResponseHeaders(headersFromRecord(answer.headers));
  if (method === "HEAD" || NO_BODY_STATUSES.has(answer.statusCode)) {
    answer.body.dump().catch(() => undefined);
    return new Response(null, { status: answer.statusCode, headers });
  }
  return new Response(Readable.toWeb(answer.body), { status: answer.statusCode, headers });
}
