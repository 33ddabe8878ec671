import { BulkSendEnvelope, parseOrThrow, ValidationError } from "@relay/domain";
import { type AppEnv, refuseUnstorable } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { sendBulk } from "../services/bulk/send-bulk.js";

/**
 * The envelope of a bulk body, checked at the edge as every body is; the rows are only checked
 * to be there (1–1,000): each is then read alone, so a bad row refuses only itself.
 */
async function readEnvelope(c: Context<AppEnv>): Promise<unknown[]> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw ValidationError.field("body", "must be a valid JSON document");
  }
  const envelope =
    body && typeof body === "object" && !Array.isArray(body) ? { ...body, messages: null } : body;
  refuseUnstorable(envelope);
  return parseOrThrow(BulkSendEnvelope, body).messages;
}

/** `POST /v1/messaging/bulk` (internal: the gateway, campaigns and sequences): many sends, one outcome per row. */
export function bulkSendRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();
  app.post("/bulk", async (c) => {
    const rows = await readEnvelope(c);
    return c.json({ data: await sendBulk(deps, c.get("organizationId"), rows) }, 200);
  });
  return app;
}
