import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { UnauthorizedError } from "@relay/domain";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger, createServiceApp, type HttpServer, listen } from "../src/index.js";

/** Two tenants of a service that, like every service, refuses a bad key before reading the body. */
const KEYS: Record<string, string> = { "key-a": "org-a", "key-b": "org-b" };
const MiB = 1024 * 1024;

function buildApp() {
  const app = createServiceApp({ logger: createLogger("kit-server-test", "silent") });
  app.use("/things/*", async (c, next) => {
    const org = KEYS[c.req.header("x-key") ?? ""];
    if (!org) throw new UnauthorizedError("invalid key");
    c.set("organizationId", org);
    await next();
  });
  app.get("/things/mine", (c) => c.json({ data: { organization: c.get("organizationId") } }));
  app.post("/things/echo-length", async (c) => c.json({ length: (await c.req.arrayBuffer()).byteLength }));
  app.post("/things/echo-json", async (c) => c.json({ got: await c.req.json() }));
  app.post("/things/first-chunk", async (c) => {
    const reader = c.req.raw.body?.getReader();
    return c.json({ read: !(await reader?.read())?.done });
  });
  // Answers while still reading: the body streams back as the answer.
  app.post(
    "/things/echo",
    (c) => new Response(c.req.raw.body, { headers: { "content-type": "text/plain" } }),
  );
  return app;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
  reused: boolean;
  socket: unknown;
}

/** One request through `agent`; `body` is sent whole, or only `partial` bytes of it before waiting. */
function send(
  agent: Agent,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    if (init.body && !init.chunked) headers["content-length"] = String(init.body.length);
    const req = request(url, { method: init.method ?? "GET", agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: res.headers["content-type"]?.includes("json") ? JSON.parse(text) : undefined,
          reused: req.reusedSocket,
          socket: req.socket,
        });
      });
    });
    req.on("error", reject);
    if (init.chunked && init.body) {
      for (let at = 0; at < init.body.length; at += 64 * 1024)
        req.write(init.body.subarray(at, at + 64 * 1024));
      req.end();
    } else req.end(init.body);
  });
}

let server: HttpServer;
let agent: Agent;

beforeAll(async () => {
  server = await listen(buildApp(), 0);
});
afterAll(() => server?.close(1_000));
afterEach(() => agent?.destroy());

const oneSocket = () => {
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return agent;
};
const mine = (key: string) => send(agent, `${server.url}/things/mine`, { headers: { "x-key": key } });

describe("a request refused before its body is read", () => {
  it.each([
    ["a wrong key (401)", "/things/echo-length", { "x-key": "wrong" }, 401],
    ["an unknown route (404)", "/nowhere", { "x-key": "key-a" }, 404],
  ])("leaves the connection usable for another tenant: %s", async (_, path, headers, status) => {
    oneSocket();
    const refused = await send(agent, `${server.url}${path}`, {
      method: "POST",
      headers,
      body: Buffer.alloc(MiB, "x"),
    });
    expect(refused.status).toBe(status);
    expect(refused.headers.connection).toBe("keep-alive");
    expect(refused.headers["x-request-id"]).toBeTruthy();
    const next = await mine("key-b");
    expect(next.reused).toBe(true);
    expect(next.socket).toBe(refused.socket);
    expect(next).toMatchObject({ status: 200, json: { data: { organization: "org-b" } } });
  });

  it("discards a chunked body too", async () => {
    oneSocket();
    const refused = await send(agent, `${server.url}/things/echo-length`, {
      method: "POST",
      headers: { "x-key": "wrong" },
      body: Buffer.alloc(2 * MiB, "x"),
      chunked: true,
    });
    expect(refused.status).toBe(401);
    const next = await mine("key-a");
    expect(next).toMatchObject({ status: 200, reused: true, json: { data: { organization: "org-a" } } });
  });

  it("answers a body too large to discard with Connection: close, intact, and closes cleanly", async () => {
    oneSocket();
    const refused = await send(agent, `${server.url}/things/echo-length`, {
      method: "POST",
      headers: { "x-key": "key-a" },
      body: Buffer.alloc(8 * MiB, "x"),
    });
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe("close");
    expect(refused.headers["x-request-id"]).toBeTruthy();
    expect(refused.json).toMatchObject({ status: 413, code: "payload_too_large" });
    const next = await mine("key-b");
    expect(next).toMatchObject({ status: 200, reused: false, json: { data: { organization: "org-b" } } });
  });

  it("still reads a body the handler wants", async () => {
    oneSocket();
    const read = await send(agent, `${server.url}/things/echo-length`, {
      method: "POST",
      headers: { "x-key": "key-a" },
      body: Buffer.alloc(MiB, "x"),
    });
    expect(read).toMatchObject({ status: 200, json: { length: MiB } });
    expect((await mine("key-a")).reused).toBe(true);
  });

  it("closes after the answer when the handler holds the body's reader, without a reset", async () => {
    oneSocket();
    const refused = await send(agent, `${server.url}/things/first-chunk`, {
      method: "POST",
      headers: { "x-key": "key-a" },
      body: Buffer.alloc(2 * MiB, "x"),
    });
    expect(refused).toMatchObject({ status: 200, headers: { connection: "close" }, json: { read: true } });
    expect(await mine("key-b")).toMatchObject({ status: 200, reused: false });
  });
});

describe("the body limit, read from Node's stream", () => {
  it("refuses a chunked body over 5 MiB with the 413 once the handler reads it", async () => {
    oneSocket();
    const refused = await send(agent, `${server.url}/things/echo-length`, {
      method: "POST",
      headers: { "x-key": "key-a" },
      body: Buffer.alloc(5 * MiB + 1, "x"),
      chunked: true,
    });
    expect(refused.status).toBe(413);
    expect(refused.json).toMatchObject({ status: 413, code: "payload_too_large" });
    expect((await mine("key-b")).status).toBe(200);
  });

  it("hands the handler the body as text and JSON, as a Web Request would (UTF-8, no BOM)", async () => {
    oneSocket();
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Zoë 🐙"}')]);
    const read = await send(agent, `${server.url}/things/echo-json`, {
      method: "POST",
      headers: { "x-key": "key-a", "content-type": "application/json" },
      body,
      chunked: true,
    });
    expect(read).toMatchObject({ status: 200, json: { got: { name: "Zoë 🐙" } } });
    expect((await mine("key-a")).reused).toBe(true);
  });
});

describe("a body that stops arriving", () => {
  it("gets its answer with Connection: close once the wait for the body is over", async () => {
    const slow = await listen(buildApp(), 0, "127.0.0.1", { maxBytes: MiB, timeoutMs: 200, lingerMs: 200 });
    try {
      oneSocket();
      const answer = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
        const req = request(`${slow.url}/things/echo-length`, {
          method: "POST",
          agent,
          headers: { "x-key": "wrong", "content-length": String(MiB) },
        });
        req.on("response", (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
        });
        req.on("error", reject);
        req.write(Buffer.alloc(1024, "x"));
      });
      expect(answer).toEqual({ status: 401, connection: "close" });
    } finally {
      agent.destroy();
      await slow.close(1_000);
    }
  });
});

describe("a request HTTP itself refuses", () => {
  it("answers headers over 16 KiB with a 431 carrying the usual error body", async () => {
    const agent = new Agent({ keepAlive: false });
    try {
      const answer = await send(agent, `${server.url}/things/mine`, {
        headers: { "x-key": "k".repeat(20_000) },
      });
      expect(answer.status).toBe(431);
      expect(answer.json).toMatchObject({
        status: 431,
        code: "payload_too_large",
        error: expect.any(String),
      });
    } finally {
      agent.destroy();
    }
  });
});
