import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingUpstream {
  url: string;
  /** How many requests reached it. */
  count(): number;
  /** The next request answers this status (once). */
  failNextWith(status: number): void;
  /** Holds requests until `release()` is called. */
  hold(): void;
  release(): void;
  stop(): Promise<void>;
}

/** An upstream answering each request with a fresh number, so a replay is told from a re-run. */
export async function startCountingUpstream(): Promise<CountingUpstream> {
  let count = 0;
  let failWith: number | undefined;
  let held: Array<() => void> | undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      count += 1;
      const n = count;
      const answer = () => {
        const status = failWith ?? 201;
        failWith = undefined;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ data: { n } }));
      };
      if (held) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    failNextWith(status) {
      failWith = status;
    },
    hold() {
      held = [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const answer of waiting) answer();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
