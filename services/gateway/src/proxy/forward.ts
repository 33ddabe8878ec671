import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { UnavailableError, ValidationError } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Dispatcher } from "undici";
import {
  clientResponseHeaders,
  headerPairs,
  type UpstreamIdentity,
  upstreamRequestHeaders,
} from "./headers.js";
import { isConnectionReset, mayResend } from "./resend.js";
import type { Upstream } from "./upstreams.js";

export interface ForwardOptions {
  identity: UpstreamIdentity;
  /** Deadline for the upstream's response headers; the body may stream for longer. */
  timeoutMs: number;
}

/** What the kit's server passes as the app's env (@hono/node-server's bindings). */
interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/** Answers that never carry a body (a Response refuses one). */
const NO_BODY_STATUSES = new Set([204, 205, 304]);

/** Answers up to this size are read whole and written in one go; larger ones stream. */
const BUFFERED_ANSWER_BYTES = 64 * 1024;

/**
 * Sends the client's request to `upstream` (same method, raw path, query; body buffered so it
 * can be resent) and passes the answer back. A connection reset before any answer is retried
 * once when resending is safe. An upstream that cannot be reached, or misses the deadline, is
 * a 503 naming the service. Redirects are passed back, not followed. Everything is read from
 * Node's request, never from a Web Request (building one costs more than the forwarding).
 */
export async function forward(
  c: Context<AppEnv>,
  upstream: Upstream,
  options: ForwardOptions,
): Promise<Response> {
  const method = c.req.method;
  const { pathname, search } = new URL(c.req.url);
  const body = method === "GET" || method === "HEAD" ? null : await readBody(c);
  const env = c.env as NodeBindings | undefined;
  const pairs = env?.incoming?.rawHeaders ?? headerPairs(c.req.raw.headers);
  const headers = upstreamRequestHeaders(pairs, options.identity);

  // The client went away before its answer was written: nobody will read the upstream's either.
  // undici takes an emitter as the signal: cheaper than an AbortController per request.
  const abort = new EventEmitter();
  let aborted = false;
  const outgoing = env?.outgoing;
  const clientGone = () => {
    if (outgoing?.writableFinished) return;
    aborted = true;
    abort.emit("abort");
  };
  outgoing?.once("close", clientGone);
  const send = () =>
    upstream.pool.request({
      method,
      path: `${upstream.basePath}${pathname}${search}`,
      headers,
      body,
      signal: abort,
      // The deadline for the answer's headers; its body may stream for longer.
      headersTimeout: options.timeoutMs,
    });
  let answer: Dispatcher.ResponseData;
  try {
    try {
      answer = await send();
    } catch (error) {
      const resend = !aborted && isConnectionReset(error) && mayResend(method, (name) => c.req.header(name));
      if (!resend) throw error;
      answer = await send();
    }
  } catch (error) {
    outgoing?.off("close", clientGone);
    throw new UnavailableError(`${upstream.service} is unavailable`, error);
  }
  try {
    return await toClientResponse(method, answer);
  } catch (error) {
    throw new UnavailableError(`${upstream.service} is unavailable`, error);
  } finally {
    outgoing?.off("close", clientGone);
  }
}

/** The kit's body limit refuses anything over 5 MiB (a 413, passed on as it is), so buffering is bounded. */
async function readBody(c: Context<AppEnv>): Promise<Buffer> {
  try {
    return Buffer.from(await c.req.arrayBuffer());
  } catch (error) {
    if (error instanceof HTTPException) throw error;
    // The client went away mid-body: its fault, not an upstream's, and nobody reads the answer.
    throw new ValidationError("the request body could not be read", undefined, error);
  }
}

async function toClientResponse(method: string, answer: Dispatcher.ResponseData): Promise<Response> {
  const headers = clientResponseHeaders(answer.headers);
  if (method === "HEAD" || NO_BODY_STATUSES.has(answer.statusCode)) {
    answer.body.dump().catch(() => undefined);
    return new Response(null, { status: answer.statusCode, headers });
  }
  const length = Number(answer.headers["content-length"]);
  if (length <= BUFFERED_ANSWER_BYTES) {
    // A small answer whole: written with one call instead of through a web stream.
    const bytes = new Uint8Array(await answer.body.arrayBuffer());
    return new Response(bytes, { status: answer.statusCode, headers });
  }
  return new Response(Readable.toWeb(answer.body) as ReadableStream, { status: answer.statusCode, headers });
}
