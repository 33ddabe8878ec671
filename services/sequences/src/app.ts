import { type AppEnv, createServiceApp, internalAuth } from "@relay/service-kit";
import { Hono } from "hono";
import type { SequencesDeps } from "./deps.js";
import { contactSequenceRoutes } from "./routes/contact-sequences.js";
import { sequenceRoutes } from "./routes/sequences.js";

/** The sequences service's internal API, reached through the gateway (internal token + organization). */
export function createApp(deps: SequencesDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });
  const v1 = new Hono<AppEnv>();
  v1.use(internalAuth(deps.internalToken));
  v1.route("/sequences", sequenceRoutes(deps));
  v1.route("/contacts", contactSequenceRoutes(deps));
  app.route("/v1", v1);
  return app;
}
