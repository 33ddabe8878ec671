import { type AppEnv, createServiceApp, internalAuth } from "@relay/service-kit";
import { Hono } from "hono";
import type { CampaignsDeps } from "./deps.js";
import { campaignRoutes } from "./routes/campaigns.js";
import { contactCampaignRoutes } from "./routes/contact-campaigns.js";
import { linkRoutes } from "./routes/links.js";
import { smsCampaignRoutes } from "./routes/sms-campaign.js";

/** The campaigns service's internal API, reached through the gateway (internal token + organization). */
export function createApp(deps: CampaignsDeps): Hono<AppEnv> {
  const app = createServiceApp({ logger: deps.logger, readiness: deps.readiness });
  const v1 = new Hono<AppEnv>();
  v1.use(internalAuth(deps.internalToken));
  v1.route("/campaigns", campaignRoutes(deps));
  v1.route("/messaging", smsCampaignRoutes(deps));
  v1.route("/contacts", contactCampaignRoutes(deps));
  app.route("/v1", v1);
  // Public: tracked links in campaign messages (the gateway forwards `/l/*`).
  app.route("/l", linkRoutes(deps));
  return app;
}
