import { CreateLead, LeadListQuery, NotFoundError } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import type { ConversationsDeps } from "../deps.js";
import { createLead } from "../services/create-lead.js";
import { getLead, listLeads } from "../services/leads.js";

/** `/v1/leads`: contacts handed in by integrations, with the conversation they open (Whippy's `POST`; reads are ours). */
export function leadRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateLead);
    const lead = await createLead(
      deps,
      c.get("organizationId"),
      input,
      c.get("channelScope"),
      c.get("idempotency"),
    );
    return c.json({ data: lead }, 201);
  });

  app.get("/", async (c) => {
    const query = readQuery(c, LeadListQuery);
    return c.json(await listLeads(deps, c.get("organizationId"), query));
  });

  app.get("/:id", async (c) => {
    const id = readId(c, "id", z.uuid(), () => new NotFoundError("lead"));
    return c.json({ data: await getLead(deps, c.get("organizationId"), id) });
  });

  return app;
}
