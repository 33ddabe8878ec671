import { UnavailableError } from "@relay/domain";
import { clientResponseHeaders } from "./headers.js";

export interface ForwardTarget {
  /** Named in the 503 when the upstream cannot be reached. */
  service: string;
  baseUrl: string;
}

export interface ForwardOptions {
  headers: Headers;
  /** Deadline for the upstream's response headers; the body may stream for longer. */
  timeoutMs: number;
}

/**
 * Sends the client's request to `target` (same method, raw path, query; body streamed) and
 * streams the answer back. An upstream that refuses the connection or misses the deadline is a
 * 503 naming the service.
 */
export async function forward(request: Request, target: ForwardTarget, options: ForwardOptions) {
  const { pathname, search } = new URL(request.url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("upstream timed out")), options.timeoutMs);
  const hasBody = request.body !== null && request.method !== "GET" && request.method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await fetch(`${target.baseUrl}${pathname}${search}`, {
      method: request.method,
      headers: options.headers,
      body: hasBody ? request.body : undefined,
      duplex: "half",
      redirect: "manual",
      signal: AbortSignal.any([controller.signal, request.signal]),
    });
  } catch (error) {
    throw new UnavailableError(`${target.service} is unavailable`, error);
  } finally {
    clearTimeout(timer);
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: clientResponseHeaders(upstream.headers),
  });
}
