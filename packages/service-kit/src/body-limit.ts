import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";

type BodyCache = Record<string, Promise<unknown> | undefined>;

const decoder = new TextDecoder();

/**
 * The kit's body limit. Hono's own reads `c.req.raw`, which makes @hono/node-server build a whole
 * Web Request (undici Request, web streams, an AbortSignal) for every request: 10% of the
 * gateway. This one refuses a `content-length` over the limit at once (413) and otherwise hands
 * Hono a body read from Node's stream when a handler first asks for it; past the limit that read
 * is a 413 too. Without a Node request (`app.request()` in tests) Hono's middleware does the job.
 */
export function nodeBodyLimit(
  maxBytes: number,
  tooLarge: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const fallback = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming) return fallback(c, next);
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    if (Number(incoming.headers["content-length"]) > maxBytes) return tooLarge(c);
    let bytes: Promise<Buffer> | undefined;
    const read = () => {
      bytes ??= readBody(incoming, maxBytes);
      return bytes;
    };
    lazily(c.req.bodyCache as BodyCache, "arrayBuffer", () =>
      read().then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
    );
    // As Request.text(): UTF-8 with replacement characters, a leading BOM dropped.
    lazily(c.req.bodyCache as BodyCache, "text", () => read().then((b) => decoder.decode(b)));
    return next();
  };
}

/** A body cache entry made the first time Hono asks for it. */
function lazily(cache: BodyCache, key: string, make: () => Promise<unknown>): void {
  let made: Promise<unknown> | undefined;
  Object.defineProperty(cache, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      made ??= make();
      return made;
    },
  });
}

/** The whole body, or a 413 as soon as it passes `maxBytes` (the rest is left to the server). */
function readBody(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: unknown) => {
      incoming.off("data", onData).off("end", onEnd).off("error", done).off("close", onClose);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        incoming.pause();
        done(new HTTPException(413, { message: "request body too large" }));
      } else chunks.push(chunk);
    };
    const onEnd = () => done();
    // `complete` is the parser's (all bytes arrived), not whether they were read yet.
    const onClose = () => {
      if (!incoming.complete) done(new Error("the client went away before the body was complete"));
    };
    incoming.on("data", onData).on("end", onEnd).on("error", done).on("close", onClose);
    if (incoming.readableEnded) done();
  });
}
