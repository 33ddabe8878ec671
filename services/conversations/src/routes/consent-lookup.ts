import { OptedOutLookup } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import type { ConversationsDeps } from "../deps.js";
import { optedOutOf } from "../services/consent-check.js";

/** `POST /v1/messaging/consent/opted_out` (internal, for campaign previews): who of these contacts refuses the channel. */
export function consentLookupRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();
  app.post("/consent/opted_out", async (c) => {
    const input = await readJson(c, OptedOutLookup);
    const ids = await optedOutOf(deps.db, c.get("organizationId"), input.channel_id, input.contact_ids);
    return c.json({ data: { opted_out: ids } }, 200);
  });
  return app;
}
