import { type AppEnv, createServiceApp } from "@relay/service-kit";
import type { Hono } from "hono";
import type { GatewayDeps } from "./deps.js";
import { adminRoutes } from "./routes/admin.js";
import { docsRoutes } from "./routes/docs.js";
import { v1Routes } from "./routes/v1.js";
import { passThrough, webhookRoutes } from "./routes/webhooks.js";

/**
 * The public edge. Hono runs handlers in registration order, so the keyless routes
 * (`/v1/openapi.json`, `/docs`) are mounted before the API-key guard of `/v1/*`.
 */
export function createApp(deps: GatewayDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });
  app.route("/", docsRoutes(deps));
  app.route("/admin", adminRoutes(deps));
  app.route("/webhooks", webhookRoutes(deps));
  // One-click unsubscribe links in automated email (RFC 8058): signed tokens, no API key.
  app.all("/unsubscribe/*", (c) => passThrough(deps, "conversations", c));
  // Tracked links in campaign messages: the code is the only proof, no API key.
  app.on(["GET", "HEAD"], "/l/*", (c) => passThrough(deps, "campaigns", c));
  // The web app and its session API: web checks the session cookie (and the operator's token) itself.
  app.all("/app", (c) => passThrough(deps, "web", c, { keepCredentials: true }));
  app.all("/app/*", (c) => passThrough(deps, "web", c, { keepCredentials: true }));
  app.route("/v1", v1Routes(deps));
  return app;
}
