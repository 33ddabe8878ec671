import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EgressClient } from "../src/index.js";

interface Seen {
  url: string;
  method: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local target: `/big` answers 10 KiB, `/slow` never answers, `/moved` redirects, others echo. */
let server: Server;
let base = "";
const seen: Seen[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({
        url: req.url ?? "",
        method: req.method ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (req.url === "/slow") return;
      if (req.url === "/moved") return res.writeHead(302, { location: `${base}/echo` }).end();
      if (req.url === "/big") return res.writeHead(200).end("x".repeat(10 * 1024));
      res.writeHead(201, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const local = new EgressClient({ allowLocalhost: true }, { timeoutMs: 5_000, userAgent: "kit-test" });
const strict = new EgressClient({ allowLocalhost: false }, { timeoutMs: 5_000, userAgent: "kit-test" });
afterAll(() => Promise.all([local.close(), strict.close()]));

describe("EgressClient", () => {
  it("sends the call's method, headers and JSON body; a GET carries no body and no content type", async () => {
    const put = await local.send({
      method: "PUT",
      url: `${base}/echo`,
      headers: { "x-k": "v" },
      body: '{"a":1}',
    });
    expect(put).toMatchObject({ status: 201, responseBody: '{"ok":true}', truncated: false, error: null });
    const get = await local.send({ method: "GET", url: `${base}/echo`, headers: {} });
    expect(get.status).toBe(201);
    const [first, second] = seen.slice(-2);
    expect(first).toMatchObject({ method: "PUT", body: '{"a":1}' });
    expect(first?.headers).toMatchObject({
      "x-k": "v",
      "content-type": "application/json",
      "user-agent": "kit-test",
    });
    expect(second).toMatchObject({ method: "GET", body: "" });
    expect(second?.headers["content-type"]).toBeUndefined();
  });

  it("reads at most maxResponseBytes of an answer, and says it cut it", async () => {
    const big = await local.send({ method: "GET", url: `${base}/big`, headers: {}, maxResponseBytes: 1024 });
    expect(big).toMatchObject({ status: 200, truncated: true });
    expect(big.responseBody).toHaveLength(1024);
  });

  it("gives each call its own timeout (at most the client's), and follows no redirect", async () => {
    const slow = await local.send({
      method: "POST",
      url: `${base}/slow`,
      headers: {},
      body: "{}",
      timeoutMs: 200,
    });
    expect(slow).toMatchObject({ status: null, error: "timed out after 200 ms" });
    expect(slow.latencyMs).toBeLessThan(4_000);
    const moved = await local.send({ method: "GET", url: `${base}/moved`, headers: {} });
    expect(moved.status).toBe(302);
    expect(seen.at(-1)?.url).toBe("/moved");
  });

  it("refuses this machine without the operator's setting, before any byte leaves", async () => {
    const before = seen.length;
    const refused = await strict.send({ method: "POST", url: `${base}/echo`, headers: {}, body: "{}" });
    expect(refused).toMatchObject({ status: null, error: "refused: must be an https URL" });
    expect(seen).toHaveLength(before);
  });
});
