import { NotFoundError, Pagination } from "@relay/domain";
import { type AppEnv, readId, readQuery } from "@relay/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import type { CampaignsDeps } from "../deps.js";
import { listCampaignsOfContact } from "../services/contact-campaigns.js";

/** `/v1/contacts/{id}/campaigns` (extension): the campaigns a contact was a recipient of. */
export function contactCampaignRoutes(deps: CampaignsDeps) {
  const app = new Hono<AppEnv>();
  app.get("/:id/campaigns", async (c) => {
    const contactId = readId(c, "id", z.uuid(), () => new NotFoundError("contact"));
    const page = readQuery(c, Pagination);
    return c.json(
      await listCampaignsOfContact(deps, c.get("organizationId"), contactId, page, c.get("channelScope")),
    );
  });
  return app;
}
