import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

export interface HttpServer {
  port: number;
  url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(timeoutMs?: number): Promise<void>;
}

/** Anything with a fetch handler: a Hono app of any env. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export async function listen(app: FetchApp, port: number, hostname = "127.0.0.1"): Promise<HttpServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: (request) => app.fetch(request), port, hostname }, () => resolve(s as Server));
    s.once("error", reject);
  });
  server.keepAliveTimeout = 5_000;
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
