import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { answerClientError } from "./client-error.js";
import { METRICS_ENV } from "./observability/http-metrics.js";
import type { Metrics } from "./observability/metrics.js";
import { settleUnreadBody, type UnreadBodyLimits } from "./unread-body.js";

export interface HttpServer {
  port: number;
  url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(timeoutMs?: number): Promise<void>;
}

/** Anything with a fetch handler: a Hono app of any env (given @hono/node-server's `{ incoming, outgoing }`). */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/**
 * Bodies up to the kit's body limit (5 MiB) are discarded rather than closing the connection:
 * a service would have read that much anyway. See docs/architecture.md §25.
 */
export const UNREAD_BODY_LIMITS: UnreadBodyLimits = {
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 5_000,
  lingerMs: 2_000,
};

export async function listen(
  app: FetchApp,
  port: number,
  hostname = "127.0.0.1",
  unreadBody: UnreadBodyLimits = UNREAD_BODY_LIMITS,
  /** The service's metrics, handed to the app in its env (see observability/http-metrics.ts). */
  metrics?: Metrics,
): Promise<HttpServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: async (request, env) => {
          if (metrics) (env as Record<string, unknown>)[METRICS_ENV] = metrics;
          const response = await app.fetch(request, env);
          const { incoming, outgoing } = env as { incoming: IncomingMessage; outgoing: ServerResponse };
          await settleUnreadBody({ request, incoming, outgoing }, unreadBody);
          return response;
        },
        port,
        hostname,
        // Its own cleanup waits 500 ms for a body it cannot drain, then closes under the next request.
        autoCleanupIncoming: false,
      },
      () => resolve(s as Server),
    );
    s.once("error", reject);
  });
  server.keepAliveTimeout = 5_000;
  server.on("clientError", answerClientError);
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${hostname}:${actual}`,
    close(timeoutMs = 10_000) {
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        // Keep-alive sockets would hold close() open: close each as soon as its response is done.
        const reap = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(force);
          clearInterval(reap);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
