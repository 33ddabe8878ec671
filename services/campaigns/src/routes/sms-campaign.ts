import { SendSmsCampaign } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { CampaignsDeps } from "../deps.js";
import { sendSmsCampaign } from "../services/send-sms-campaign.js";

/** Contract `POST /v1/messaging/sms/campaign`: 202 with the contract's `message` and the campaign. */
export function smsCampaignRoutes(deps: CampaignsDeps) {
  const app = new Hono<AppEnv>();
  app.post("/sms/campaign", deps.idempotency.route(202), async (c) => {
    const input = await readJson(c, SendSmsCampaign);
    const accepted = await sendSmsCampaign(deps, c.get("organizationId"), input, {
      idempotency: c.get("idempotency"),
    });
    return c.json({ data: accepted }, 202);
  });
  return app;
}
