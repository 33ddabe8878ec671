import { type AppEnv, createServiceApp } from "@relay/service-kit";
import { Hono } from "hono";
import type { WebDeps } from "./deps.js";
import { adminRoutes } from "./routes/admin.js";
import { assetRoutes } from "./routes/assets.js";
import { eventTypeRoutes } from "./routes/event-types.js";
import { eventRoutes } from "./routes/events.js";
import { sessionRoutes } from "./routes/session.js";

/** `/app`: the web app's page and assets, its session API, the live stream and the operator's routes. */
export function createApp(deps: WebDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness, maxBodyBytes: 64 * 1024 });
  const api = new Hono<AppEnv>();
  api.route("/admin", adminRoutes(deps));
  api.route("/", eventRoutes(deps));
  api.route("/", sessionRoutes(deps));
  api.route("/", eventTypeRoutes(deps));
  api.all("*", (c) => c.json({ error: "route not found", status: 404, code: "not_found" }, 404));
  app.route("/app/api", api);
  app.route("/app", assetRoutes(deps));
  return app;
}
