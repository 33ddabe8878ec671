import { type AppEnv, createServiceApp } from "@relay/service-kit";
import type { Hono } from "hono";
import type { WhatsAppDeps } from "./deps.js";
import { webhookRoutes } from "./routes/webhooks.js";

/**
 * Whatsapp's HTTP API: Meta's webhooks only, forwarded untouched by the gateway. They carry no
 * API key; the POSTs are authenticated by `X-Hub-Signature-256`, the GET by the verify token.
 */
export function createApp(deps: WhatsAppDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });
  app.route("/webhooks/whatsapp", webhookRoutes(deps));
  return app;
}
