import { type AppEnv, createServiceApp, internalAuth } from "@relay/service-kit";
import { Hono } from "hono";
import type { WebhooksDeps } from "./deps.js";
import { applicationRoutes } from "./routes/applications.js";
import { customEventRoutes } from "./routes/custom-events.js";
import { endpointRoutes } from "./routes/endpoints.js";

/** The webhooks service's internal API, reached through the gateway (internal token + organization). */
export function createApp(deps: WebhooksDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });
  const v1 = new Hono<AppEnv>();
  v1.use(internalAuth(deps.internalToken));
  v1.route("/developers/applications", applicationRoutes(deps));
  v1.route("/developers/endpoints", endpointRoutes(deps));
  v1.route("/", customEventRoutes(deps));
  app.route("/v1", v1);
  return app;
}
