import { Agent, request } from "node:http";

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  index: number;
  status: number;
  body: string;
  /** Request latency in ms. */
  ms: number;
  /** Wall clock (Date.now()) when the answer arrived: compared with the provider's and the database's clocks. */
  at: number;
}

export interface LoadRun {
  results: LoadResult[];
  elapsedMs: number;
  /** Wall clock of the last answer. */
  lastAt: number;
}

/**
 * The one load generator every path is driven by: `concurrency` clients, each with its own
 * keep-alive connection (node:http, no extra library), sending `total` requests as fast as
 * answers come back. Transport errors count as status 0 so a run ends with what it measured.
 */
export async function drive(
  baseUrl: string,
  total: number,
  concurrency: number,
  build: (index: number) => LoadRequest,
  onResult?: (result: LoadResult) => void,
): Promise<LoadRun> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const results: LoadResult[] = [];
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < total) {
      const result = await timed(agent, url, next++, build);
      results.push(result);
      onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, client));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { results, elapsedMs, lastAt: Math.max(0, ...results.map((r) => r.at)) };
}

/** Request `index`, timed; a transport error is status 0 with its message. */
async function timed(
  agent: Agent,
  url: URL,
  index: number,
  build: (index: number) => LoadRequest,
): Promise<LoadResult> {
  const spec = build(index);
  const t0 = performance.now();
  const answer = await send(agent, url, spec).catch((error: Error) => ({ status: 0, body: error.message }));
  return { index, ...answer, ms: performance.now() - t0, at: Date.now() };
}

function send(agent: Agent, url: URL, spec: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: spec.method,
        path: spec.path,
        headers: { ...spec.headers, "content-length": Buffer.byteLength(spec.body) },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out after 60 s")));
    req.on("error", reject);
    req.end(spec.body);
  });
}

export const jsonRequest = (
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): LoadRequest => ({
  method: "POST",
  path,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/**
 * Open-loop load: request `i` is sent at `i / perSecond` seconds whether or not earlier ones
 * have been answered (a steady offered rate, as real traffic arrives), over one keep-alive
 * pool of at most `maxSockets` connections.
 */
export async function pace(
  baseUrl: string,
  total: number,
  perSecond: number,
  maxSockets: number,
  build: (index: number) => LoadRequest,
  onResult?: (result: LoadResult) => void,
): Promise<LoadRun> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const results: LoadResult[] = [];
  const started = performance.now();
  const one = async (index: number) => {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const result = await timed(agent, url, index, build);
    results.push(result);
    onResult?.(result);
  };
  await Promise.all(Array.from({ length: total }, (_, i) => one(i)));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { results, elapsedMs, lastAt: Math.max(0, ...results.map((r) => r.at)) };
}
