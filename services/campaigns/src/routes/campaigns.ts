import {
  CreateCampaignRequest,
  DuplicateCampaign,
  ListCampaignContactsQuery,
  ListCampaignsQuery,
  NotFoundError,
  SendSmsCampaignTo,
  UpdateCampaign,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CampaignsDeps } from "../deps.js";
import { changeStatus } from "../services/change-status.js";
import { createCampaign } from "../services/create-campaign.js";
import { duplicateCampaign } from "../services/duplicate-campaign.js";
import { previewCampaign } from "../services/preview-campaign.js";
import {
  getCampaign,
  getCampaignAnalytics,
  listCampaignContacts,
  listCampaignPage,
} from "../services/read-campaigns.js";
import { sendSmsCampaign } from "../services/send-sms-campaign.js";
import { editCampaign } from "../services/update-campaign.js";
import { asContractRequest } from "../services/whippy-recipients.js";

const campaignId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("campaign"));

/** `/v1/campaigns*`: the contract's reads, and our drafts, preview and lifecycle. */
export function campaignRoutes(deps: CampaignsDeps) {
  const app = new Hono<AppEnv>();
  const org = (c: Context<AppEnv>) => c.get("organizationId");

  app.get("/", async (c) => {
    const query = readQuery(c, ListCampaignsQuery);
    const filter = {
      ...(query.title && { title: query.title }),
      ...(query.status && { statuses: query.status }),
    };
    return c.json(await listCampaignPage(deps, org(c), filter, query));
  });

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateCampaignRequest);
    const created = await createCampaign(deps, org(c), input, c.get("idempotency"));
    return c.json({ data: created }, 201);
  });

  app.get("/:id", async (c) => c.json({ data: await getCampaign(deps, org(c), campaignId(c)) }));

  app.put("/:id", async (c) => {
    const id = campaignId(c);
    const input = await readJson(c, UpdateCampaign);
    return c.json({ data: await editCampaign(deps, org(c), id, input) });
  });

  app.get("/:id/contacts", async (c) => {
    const id = campaignId(c);
    return c.json(await listCampaignContacts(deps, org(c), id, readQuery(c, ListCampaignContactsQuery)));
  });

  app.get("/:id/analytics", async (c) =>
    c.json({ data: await getCampaignAnalytics(deps, org(c), campaignId(c)) }),
  );

  // Whippy's `POST /v1/campaigns/sms` (its Activepieces piece): the contract send with `to`.
  app.post("/sms", deps.idempotency.route(202), async (c) => {
    const { request, campaignsWithinDays } = asContractRequest(await readJson(c, SendSmsCampaignTo));
    const accepted = await sendSmsCampaign(deps, org(c), request, {
      idempotency: c.get("idempotency"),
      contactsField: "to",
      ...(campaignsWithinDays && { campaignsWithinDays }),
    });
    return c.json({ data: accepted }, 202);
  });

  app.get("/:id/preview", async (c) => c.json({ data: await previewCampaign(deps, org(c), campaignId(c)) }));

  app.post("/:id/duplicate", deps.idempotency.route(201), async (c) => {
    const id = campaignId(c);
    const input = await readJson(c, DuplicateCampaign, { empty: {} });
    return c.json({ data: await duplicateCampaign(deps, org(c), id, input, c.get("idempotency")) }, 201);
  });

  for (const action of ["send", "pause", "resume", "cancel"] as const) {
    app.post(`/:id/${action}`, async (c) =>
      c.json({ data: await changeStatus(deps, org(c), campaignId(c), action) }),
    );
  }
  return app;
}
