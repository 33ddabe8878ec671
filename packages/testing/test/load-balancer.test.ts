import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningLoadBalancer, startLoadBalancer } from "../src/load-balancer.js";

const servers: Server[] = [];
let balancer: RunningLoadBalancer | undefined;

/** An HTTP server answering its own name, on a free port. */
async function backend(name: string): Promise<number> {
  const server = createServer((_req, res) => res.end(name));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

const get = async (url: string) =>
  (await fetch(url, { headers: { connection: "close" }, keepalive: false })).text();

afterEach(async () => {
  await balancer?.stop();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("startLoadBalancer", () => {
  it("hands connections to each backend in turn", async () => {
    balancer = await startLoadBalancer([await backend("a"), await backend("b")]);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get(balancer.url));
    expect(answers.sort()).toEqual(["a", "a", "b", "b"]);
    expect([...balancer.connections.values()]).toEqual([2, 2]);
  });

  it("skips a backend that refuses connections", async () => {
    const alive = await backend("alive");
    const gone = await backend("gone");
    await new Promise((resolve) => servers[1]?.close(resolve));
    balancer = await startLoadBalancer([gone, alive]);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await get(balancer.url));
    expect(answers).toEqual(["alive", "alive", "alive"]);
    expect(balancer.connections.get(gone)).toBe(0);
  });
});
