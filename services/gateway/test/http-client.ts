import { type Agent, type IncomingHttpHeaders, request } from "node:http";
import type { Socket } from "node:net";

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Whether the request went out on a connection an earlier request had used. */
  reused: boolean;
  socket: Socket;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Sent with `Transfer-Encoding: chunked` instead of a `Content-Length`. */
  chunked?: boolean;
  /** Sends `Expect: 100-continue` and the body only once the server says continue. */
  expectContinue?: boolean;
  agent?: Agent;
  /** The client address the server sees (any 127.x.y.z works on loopback). */
  localAddress?: string;
}

/** One request with `node:http`, so tests control the connection (`fetch` hides it). */
export function send(url: string, init: RawRequest = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body && !init.chunked) headers["content-length"] = String(init.body.length);
    if (init.expectContinue) headers.expect = "100-continue";
    const req = request(
      url,
      { method: init.method ?? "GET", headers, agent: init.agent, localAddress: init.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
            reused: req.reusedSocket,
            socket: req.socket as Socket,
          }),
        );
      },
    );
    req.on("error", reject);
    const writeBody = () => {
      const body = init.body;
      if (body && init.chunked) {
        for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
        req.end();
      } else req.end(body);
    };
    if (init.expectContinue) {
      req.flushHeaders();
      req.once("continue", writeBody);
    } else writeBody();
  });
}
