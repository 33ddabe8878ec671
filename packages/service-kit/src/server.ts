import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

export interface HttpServer {
  port: number;
  url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(timeoutMs?: number): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env
export async function listen(app: Hono<any>, port: number, hostname = "127.0.0.1"): Promise<HttpServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s as Server));
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
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Idle keep-alive sockets would hold close() open; busy ones finish their response first.
        server.closeIdleConnections();
      });
    },
  };
}
