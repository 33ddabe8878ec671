import { type AppEnv, createServiceApp, internalAuth } from "@relay/service-kit";
import { Hono } from "hono";
import type { CoreDeps } from "./deps.js";
import { adminRoutes } from "./routes/admin.js";
import { apiKeyRoutes } from "./routes/api-keys.js";
import { channelRoutes } from "./routes/channels.js";
import { contactRoutes } from "./routes/contacts.js";
import { contactCustomObjectRecordRoutes, customObjectRecordRoutes } from "./routes/custom-object-records.js";
import { customObjectRoutes } from "./routes/custom-objects.js";
import { messageTemplateRoutes } from "./routes/message-templates.js";
import { organizationRoutes } from "./routes/organization.js";
import { tagRoutes } from "./routes/tags.js";
import { teamRoutes } from "./routes/teams.js";
import { userRoutes } from "./routes/users.js";

/**
 * Core's internal HTTP API. `/v1/*` is reached only through the gateway (internal token +
 * organization header); `/admin/*` also needs the operator's admin token.
 */
export function createApp(deps: CoreDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });

  app.route("/admin", adminRoutes(deps));

  const v1 = new Hono<AppEnv>();
  v1.use(internalAuth(deps.internalToken));
  v1.route("/contacts", contactRoutes(deps));
  v1.route("/channels", channelRoutes(deps));
  v1.route("/users", userRoutes(deps));
  v1.route("/teams", teamRoutes(deps));
  v1.route("/tags", tagRoutes(deps));
  v1.route("/custom_objects", customObjectRoutes(deps));
  v1.route("/custom_objects", customObjectRecordRoutes(deps));
  v1.route("/contacts", contactCustomObjectRecordRoutes(deps));
  v1.route("/automations/templates", messageTemplateRoutes(deps));
  v1.route("/api_keys", apiKeyRoutes(deps));
  v1.route("/organization", organizationRoutes(deps));
  app.route("/v1", v1);

  return app;
}
