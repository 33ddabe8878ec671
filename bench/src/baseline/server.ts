/**
 * The minimal durable accept path, run as its own process: node:http + pg, one transaction per
 * request inserting a message row and an outbox row, answering 201 with JSON. Nothing else:
 * no framework, no validation library, no logging. Reports its port over IPC.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: 10 });
const organizationId = randomUUID();
const channelId = randomUUID();

async function accept(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
  if (typeof input.from !== "string" || typeof input.to !== "string" || typeof input.body !== "string") {
    res
      .writeHead(422, { "content-type": "application/json" })
      .end('{"error":"from, to and body are required"}');
    return;
  }
  const message = {
    id: randomUUID(),
    organization_id: organizationId,
    conversation_id: randomUUID(),
    contact_id: randomUUID(),
    channel_id: channelId,
    type: "sms",
    direction: "OUTBOUND",
    body: input.body,
    from: input.from,
    to: input.to,
    delivery_status: "queued",
  };
  const event = { id: randomUUID(), type: "message.created", organization_id: organizationId, data: message };
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query(
      `insert into messages (id, organization_id, conversation_id, contact_id, channel_id, type, direction,
         body, from_address, to_address, delivery_status) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        message.id,
        organizationId,
        message.conversation_id,
        message.contact_id,
        channelId,
        "sms",
        "OUTBOUND",
        message.body,
        message.from,
        message.to,
        "queued",
      ],
    );
    await client.query("insert into outbox (id, subject, payload, organization_id) values ($1, $2, $3, $4)", [
      event.id,
      "conversations.message.created",
      event,
      organizationId,
    ]);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ data: message }));
}

const server = createServer((req, res) => {
  accept(req, res).catch((error: Error) => {
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: error.message }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.send?.({ port: address.port });
});
process.on("SIGTERM", () => {
  setTimeout(() => process.exit(0), 2_000).unref();
  server.close(() => void pool.end().then(() => process.exit(0)));
});
