import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type Drop = "close" | "reset";

export interface DroppingUpstream {
  url: string;
  /** Requests that reached it, dropped ones included. */
  count(): number;
  /** The next request's connection is closed (FIN) or reset (RST) without an answer. */
  dropNext(how: Drop): void;
  stop(): Promise<void>;
}

/** A stand-in service whose connection goes away under a request, as a restarting one's would. */
export async function startDroppingUpstream(): Promise<DroppingUpstream> {
  let count = 0;
  let drop: Drop | undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count += 1;
      const how = drop;
      drop = undefined;
      if (how === "close") return req.socket.destroy();
      if (how === "reset") return req.socket.resetAndDestroy();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { n: count } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    dropNext(how) {
      drop = how;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
