import { type AppEnv, createServiceApp } from "@relay/service-kit";
import type { Hono } from "hono";
import type { EmailDeps } from "./deps.js";
import { attachmentRoutes } from "./routes/attachments.js";

/** Email's HTTP API: health, readiness and stored inbound attachments (by unguessable id). */
export function createApp(deps: EmailDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });
  app.route("/webhooks/email/attachments", attachmentRoutes(deps));
  return app;
}
