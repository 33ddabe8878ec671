import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  json: {
    data: Record<string, unknown>;
    event: string;
    request_id: string;
    organization_id: string;
    timestamp: string;
  };
  /** Checked with the `standardwebhooks` library against the secrets the test gave this path. */
  standardValid: boolean;
  /** `X-Whippy-Signature` checked by hand: hex HMAC-SHA256 of the raw body with the secret's key. */
  whippyValid: boolean;
  at: number;
}

/**
 * What a path answers: a status (sequence, last repeats) with a JSON body when `json` is given
 * (else `answered <status>`), a hang, or a redirect.
 */
export type Behaviour = { status: number[]; json?: unknown } | { hang: true } | { redirect: string };

/** A request's body as JSON; empty (a GET) or not JSON: undefined. */
const parsed = (body: string): unknown => {
  try {
    return body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * A local receiver that verifies every request the way an integrator would: Standard Webhooks with
 * the library, and the Whippy header by hand. Each path is one endpoint, with its secrets.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly secrets = new Map<string, string[]>();
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly hanging = new Set<() => void>();
  private server!: Server;
  url = "";

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((req, res) => void receiver.handle(req, res));
    await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** The secrets that sign this path's requests (the receiver accepts any of them). */
  trust(path: string, ...secrets: string[]): void {
    this.secrets.set(path, secrets);
  }

  behave(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: import("node:http").ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = req.url ?? "/";
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const secrets = this.secrets.get(path) ?? [];
    const standardValid = secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    const presented = Buffer.from(headers["x-whippy-signature"] ?? "", "hex");
    const whippyValid = secrets.some((secret) => {
      const expected = createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
        .update(body)
        .digest();
      return presented.length === expected.length && timingSafeEqual(presented, expected);
    });
    this.received.push({
      method: req.method ?? "",
      path,
      headers,
      body,
      json: parsed(body) as ReceivedWebhook["json"],
      standardValid,
      whippyValid,
      at: Date.now(),
    });
    const behaviour = this.behaviours.get(path) ?? { status: [200] };
    if ("hang" in behaviour) {
      this.hanging.add(() => res.destroy());
      return;
    }
    if ("redirect" in behaviour) {
      res.writeHead(302, { location: behaviour.redirect }).end();
      return;
    }
    const status =
      behaviour.status.length > 1 ? (behaviour.status.shift() ?? 200) : (behaviour.status[0] ?? 200);
    if (behaviour.json !== undefined)
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(behaviour.json));
    else res.writeHead(status, { "content-type": "text/plain" }).end(`answered ${status}`);
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
