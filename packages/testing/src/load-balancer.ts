import { createConnection, createServer, type Socket } from "node:net";

export interface RunningLoadBalancer {
  url: string;
  port: number;
  /** Connections handed to each backend port so far. */
  connections: Map<number, number>;
  stop(): Promise<void>;
}

/**
 * A TCP load balancer on a free port of 127.0.0.1, as an operator puts one in front of the
 * instances of a service: each new connection goes to the next backend in turn, and one that
 * refuses the connection (its instance is gone) is skipped for that connection. A connection
 * open to an instance that dies is cut, as a real balancer's would be.
 */
export async function startLoadBalancer(backends: readonly number[]): Promise<RunningLoadBalancer> {
  let next = 0;
  const connections = new Map<number, number>(backends.map((port) => [port, 0]));
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    client.on("error", () => undefined);
    client.pause();
    const first = next++ % backends.length;
    const attempt = (tried: number) => {
      if (tried === backends.length || client.destroyed) return client.destroy();
      const port = backends[(first + tried) % backends.length] as number;
      const upstream = createConnection({ port, host: "127.0.0.1" });
      open.add(upstream);
      upstream.once("close", () => open.delete(upstream));
      let connected = false;
      upstream.on("error", () => {
        if (connected) client.destroy();
        else attempt(tried + 1);
      });
      upstream.once("connect", () => {
        connected = true;
        connections.set(port, (connections.get(port) ?? 0) + 1);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
