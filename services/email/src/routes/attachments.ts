import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { EmailDeps } from "../deps.js";
import { getAttachment } from "../services/get-attachment.js";

/** `GET /webhooks/email/attachments/{id}` (public through the gateway): a stored inbound attachment (the id is an unguessable UUID). */
export function attachmentRoutes(deps: EmailDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/:id", async (c) => {
    const attachment = await getAttachment(deps, c.req.param("id"));
    return c.body(new Uint8Array(attachment.content), 200, {
      "content-type": attachment.content_type,
      "content-length": String(attachment.size),
      "content-disposition": `attachment${attachment.filename ? `; filename="${attachment.filename.replace(/["\\\r\n]/g, "_")}"` : ""}`,
    });
  });
  return app;
}
