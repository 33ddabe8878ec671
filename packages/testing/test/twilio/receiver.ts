import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeForm, type FormParams } from "../../src/index.js";

export interface ReceivedRequest {
  /** The full URL as the sender addressed it (what Twilio signs). */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  params: FormParams;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** What the receiver answers next (default 200, empty TwiML). */
  reply: { status: number; contentType: string; body: string };
  close(): Promise<void>;
}

/** A tiny HTTP server standing in for the platform's webhook endpoints: records every form POST. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const receiver: Omit<Receiver, "url" | "close"> = {
    requests,
    reply: { status: 200, contentType: "text/xml", body: "<Response></Response>" },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const { port } = server.address() as AddressInfo;
      requests.push({
        url: `http://127.0.0.1:${port}${req.url ?? "/"}`,
        path: new URL(req.url ?? "/", "http://x").pathname,
        headers: req.headers,
        params: decodeForm(Buffer.concat(chunks).toString("utf8")),
      });
      res.writeHead(receiver.reply.status, { "content-type": receiver.reply.contentType });
      res.end(receiver.reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** A random account SID and token, so test files never share credentials. */
export function testAccount(): { sid: string; token: string } {
  return { sid: `AC${randomBytes(16).toString("hex")}`, token: randomBytes(16).toString("hex") };
}

/** The single value of a received form param (fails the test if it repeats). */
export function param(request: ReceivedRequest | undefined, name: string): string | undefined {
  const value = request?.params[name];
  if (Array.isArray(value)) throw new Error(`${name} was sent ${value.length} times`);
  return value;
}
