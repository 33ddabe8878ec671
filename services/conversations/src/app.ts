import { type AppEnv, createServiceApp, internalAuth } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "./deps.js";
import { audienceLookupRoutes } from "./routes/audience-lookups.js";
import { bulkSendRoutes } from "./routes/bulk-send.js";
import { communicationPreferenceRoutes } from "./routes/communication-preferences.js";
import { conversationRoutes } from "./routes/conversations.js";
import { leadRoutes } from "./routes/leads.js";
import { messagingRoutes } from "./routes/messaging.js";
import { unsubscribeRoutes } from "./routes/unsubscribe.js";
import { whippyMessageRoutes } from "./routes/whippy-messages.js";

/** The conversations service's internal API, reached only through the gateway (internal token + organization). */
export function createApp(deps: ConversationsDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });

  const v1 = new Hono<AppEnv>();
  v1.use(internalAuth(deps.internalToken));
  v1.route("/messaging", bulkSendRoutes(deps));
  v1.route("/messaging", audienceLookupRoutes(deps));
  v1.route("/messaging", messagingRoutes(deps));
  v1.route("/messages", whippyMessageRoutes(deps));
  v1.route("/conversations", conversationRoutes(deps));
  v1.route("/leads", leadRoutes(deps));
  v1.route("/contacts", communicationPreferenceRoutes(deps));
  app.route("/v1", v1);
  // Public: one-click unsubscribe links in automated email (the gateway forwards `/unsubscribe/*`).
  app.route("/unsubscribe", unsubscribeRoutes(deps));

  return app;
}
