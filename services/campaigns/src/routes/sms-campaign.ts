import { SendSmsCampaign } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { CampaignsDeps } from "../deps.js";
import { changeStatus } from "../services/change-status.js";
import { createCampaign } from "../services/create-campaign.js";

/**
 * Contract `POST /v1/messaging/sms/campaign`: the contacts upserted, a campaign created from
 * `from` and sent (or scheduled) at once; 202 with the contract's `message` and the campaign.
 */
export function smsCampaignRoutes(deps: CampaignsDeps) {
  const app = new Hono<AppEnv>();
  app.post("/sms/campaign", async (c) => {
    const input = await readJson(c, SendSmsCampaign);
    const organizationId = c.get("organizationId");
    const draft = await createCampaign(
      deps,
      organizationId,
      {
        type: "sms",
        title: input.title ?? `SMS campaign ${deps.now().toISOString().slice(0, 16).replace("T", " ")}`,
        from: input.from,
        body: input.body,
        ...(input.attachments && { attachments: input.attachments }),
        ...(input.schedule_at && { schedule_at: input.schedule_at }),
        audience: { contacts: input.contacts },
      },
      { contacts: "contacts" },
    );
    const campaign = await changeStatus(deps, organizationId, draft.id, "send");
    const message = campaign.status === "scheduled" ? "campaign scheduled" : "campaign accepted for sending";
    return c.json({ data: { message, campaign_id: campaign.id, campaign } }, 202);
  });
  return app;
}
