import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** Arrival time of the first attempt of each message's event at each path; every 50th request's signature checked. */
export class BenchReceiver {
  readonly first = new Map<string, number>();
  requests = 0;
  badSignatures = 0;
  checked = 0;
  private server!: Server;
  url = "";
  readonly secrets = new Map<string, string>();

  static async start(failing: string): Promise<BenchReceiver> {
    const r = new BenchReceiver();
    r.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const at = performance.timeOrigin + performance.now();
        r.requests++;
        const body = Buffer.concat(chunks).toString("utf8");
        // Keyed by the message's id: the webhook-id is the public event's, derived from the internal one.
        const id = String((JSON.parse(body) as { data?: { id?: string } }).data?.id);
        const key = `${req.url} ${id}`;
        if (!r.first.has(key)) r.first.set(key, at);
        const secret = r.secrets.get(req.url ?? "");
        if (secret && r.requests % 50 === 0) {
          r.checked++;
          try {
            new Webhook(secret).verify(body, req.headers as Record<string, string>);
          } catch {
            r.badSignatures++;
          }
        }
        res.writeHead(req.url === failing ? 500 : 200).end();
      });
    });
    r.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
    r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
    return r;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
