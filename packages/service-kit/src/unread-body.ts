import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

export interface UnreadBodyLimits {
  /** The largest unread body discarded to keep the connection; a larger one closes it. */
  maxBytes: number;
  /** How long the answer may wait for the rest of the body before closing instead. */
  timeoutMs: number;
  /** How long a closing connection keeps reading, so the client gets the answer before the close. */
  lingerMs: number;
}

/** One request, before its answer is written. */
export interface Exchange {
  request: Request;
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/**
 * Runs once an app has its answer and before that is written. A body the app left unread
 * is read and discarded first, so the connection is clean for the next request by the time the
 * client sees the answer; a body too large or too slow for that, or one something else is still
 * reading, gets `Connection: close` and a graceful close instead. Either way no later request on
 * the connection is reset.
 */
export async function settleUnreadBody(exchange: Exchange, limits: UnreadBodyLimits): Promise<void> {
  const { request, incoming, outgoing } = exchange;
  if (incoming.complete) return;
  // The app's own body stream when it has one (reading it relieves its backpressure), else the socket's.
  // An answer must not stream that body back unread: a handler reads what it needs before answering.
  const body = request.body ?? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
  // A reader holds it (a stream built on it): leave it be and close after the answer.
  if (!body.locked) {
    const discarded = discard(body, limits.maxBytes);
    const small = !(Number(incoming.headers["content-length"]) > limits.maxBytes);
    if (small && (await withDeadline(discarded, limits.timeoutMs))) return;
  }
  closeGracefully(incoming, outgoing, limits.lingerMs);
}

/**
 * Reads `body` to its end and throws it away; resolves true at the end, false past `maxBytes`.
 * Reading goes on past the limit, so a connection that is closing still takes in what arrives.
 */
function discard(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<boolean> {
  return new Promise((resolve) => {
    const reader = body.getReader();
    let seen = 0;
    const pump = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return resolve(true);
        seen += value.byteLength;
        if (seen > maxBytes) resolve(false);
      }
    };
    // An error means the client went away: nothing is left to keep.
    pump().catch(() => resolve(false));
  });
}

function withDeadline(discarded: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([discarded, late]).finally(() => clearTimeout(timer));
}

/**
 * Answers with `Connection: close`, then closes without a reset. Node would `destroySoon()` the
 * socket, and closing with unread input makes the kernel send RST, which can discard the answer
 * before the client reads it. So half-close, and destroy once the body is in or after `lingerMs`.
 */
function closeGracefully(incoming: IncomingMessage, outgoing: ServerResponse, lingerMs: number): void {
  if (!outgoing.headersSent) outgoing.setHeader("connection", "close");
  outgoing.shouldKeepAlive = false;
  const socket = incoming.socket;
  socket.destroySoon = () => {
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    socket.end(() => {
      if (incoming.complete) socket.destroy();
      else incoming.once("end", () => socket.destroy());
    });
  };
}
