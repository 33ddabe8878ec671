import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

/** What the kit's server passes as the app's env (@hono/node-server's bindings). */
interface NodeBindings {
  incoming?: IncomingMessage;
}

/**
 * Who sent a request, for limits that must not depend on a key: the connection's remote address,
 * or, behind a trusted proxy (`TRUST_PROXY`), the last `X-Forwarded-For` entry, the one that
 * proxy added (entries before it are whatever the client wrote).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket.remoteAddress ?? "unknown";
}
