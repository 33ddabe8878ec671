import { createServer, type IncomingMessage } from "node:http";
import { deliverMail } from "./deliver.js";
import { loadSmtpSandboxConfig, type SmtpSandboxConfig } from "./sandbox-config.js";
import { startSmtpSink } from "./sink.js";

/**
 * The local email sandbox: an SMTP sink for `sandbox` channels (SMTP_SANDBOX_PORT) and a small
 * control API (SMTP_SANDBOX_CONTROL_PORT): `GET /sandbox/mail` lists what was sent, newest
 * first; `POST /sandbox/mail {from, to, subject, text}` delivers a mail to the platform's listener.
 */
let config: SmtpSandboxConfig;
try {
  config = loadSmtpSandboxConfig();
} catch (error) {
  console.error(`smtp sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const port = config.SMTP_SANDBOX_PORT;
const controlPort = config.SMTP_SANDBOX_CONTROL_PORT;
const [deliverHost = "127.0.0.1", deliverPort = "2526"] = config.SMTP_SANDBOX_DELIVER_TO.split(":");

const sink = await startSmtpSink({ port, host: config.HOST });

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

const control = createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.url === "/readyz" || req.url === "/healthz") return send(200, { status: "ok" });
  if (req.url === "/sandbox/mail" && req.method === "GET") {
    const data = [...sink.mails].reverse().map(({ header: _header, attachments, ...mail }) => ({
      ...mail,
      list_unsubscribe: _header("list-unsubscribe"),
      attachments: attachments.map(({ content: _content, ...rest }) => rest),
    }));
    return send(200, { data });
  }
  if (req.url === "/sandbox/mail" && req.method === "POST") {
    bodyOf(req)
      .then(async (body) => {
        const { from, to, subject, text } = body;
        if (typeof from !== "string" || typeof to !== "string" || typeof text !== "string") {
          return send(400, { error: "from, to and text are required strings", status: 400 });
        }
        const result = await deliverMail({
          host: deliverHost,
          port: Number(deliverPort),
          from,
          to,
          subject: typeof subject === "string" ? subject : "",
          text,
        });
        send(201, { data: result });
      })
      .catch((error: Error) => send(502, { error: error.message, status: 502 }));
    return;
  }
  send(404, { error: "not found", status: 404 });
});
control.listen(controlPort, config.HOST);
console.log(
  `smtp sandbox: SMTP on ${sink.port}, control on ${controlPort}, delivering to ${deliverHost}:${deliverPort}`,
);

const stop = () => {
  control.close();
  void sink.stop().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
