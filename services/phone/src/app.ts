import { type AppEnv, createServiceApp } from "@relay/service-kit";
import type { Hono } from "hono";
import type { PhoneDeps } from "./deps.js";
import { messagingWebhookRoutes } from "./routes/messaging-webhooks.js";
import { voiceWebhookRoutes } from "./routes/voice-webhooks.js";

/**
 * Phone's HTTP API: Twilio's webhooks only. They carry no API key or internal token (the
 * gateway forwards them untouched); each is authenticated by its Twilio signature instead.
 */
export function createApp(deps: PhoneDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });
  app.route("/webhooks/twilio", messagingWebhookRoutes(deps));
  app.route("/webhooks/twilio/voice", voiceWebhookRoutes(deps));
  return app;
}
