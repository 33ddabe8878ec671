import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BulkMessage } from "@relay/domain";
import { TEST_INTERNAL_TOKEN } from "@relay/testing";
import { FakeBulkPath } from "./fake-bulk.js";

/**
 * Conversations' `POST /v1/messaging/bulk` over HTTP for the service's own process: the fake
 * bulk path behind it, and under which prefix each call came (`<url>/a` for one instance,
 * `<url>/b` for another), so a test tells the instances' hand-offs apart.
 */
export class ConversationsServer {
  readonly bulk = new FakeBulkPath();
  /** Rows received under each prefix ("" when none). */
  readonly byPrefix = new Map<string, BulkMessage[]>();
  /** When each key was first received (wall clock, ms). */
  readonly firstSeen = new Map<string, number>();
  /** How long each call waits before it answers, so passes of two instances overlap. */
  delayMs = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ConversationsServer> {
    let self: ConversationsServer | undefined;
    const server = createServer((req, res) => {
      res.on("error", () => undefined);
      const match = /^(\/\w+)?\/v1\/messaging\/bulk$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match || req.headers["x-internal-token"] !== TEST_INTERNAL_TOKEN) {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        void (self as ConversationsServer)
          .answer(match[1] ?? "", req.headers["x-organization-id"] as string, Buffer.concat(chunks))
          .then(
            (body) => res.writeHead(200, { "content-type": "application/json" }).end(body),
            () => res.destroy(),
          );
      });
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    self = new ConversationsServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  private async answer(prefix: string, organization: string, raw: Buffer): Promise<string> {
    const { messages } = JSON.parse(raw.toString("utf8")) as { messages: BulkMessage[] };
    const list = this.byPrefix.get(prefix) ?? [];
    list.push(...messages);
    this.byPrefix.set(prefix, list);
    for (const row of messages)
      if (!this.firstSeen.has(row.key as string)) this.firstSeen.set(row.key as string, Date.now());
    if (this.delayMs) await new Promise((done) => setTimeout(done, this.delayMs));
    return JSON.stringify({ data: await this.bulk.send(organization, messages) });
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}
