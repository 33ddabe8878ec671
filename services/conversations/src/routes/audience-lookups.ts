import { OptedOutLookup, RepliedLookup } from "@relay/domain";
import { type AppEnv, readJson } from "@relay/service-kit";
import { Hono } from "hono";
import { repliedSince } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { optedOutOf } from "../services/consent-check.js";

/**
 * What campaigns ask of a page of their audience (internal; reads only, the send gate decides):
 * `POST /v1/messaging/consent/opted_out`, who refuses the channel; `POST /v1/messaging/replied`,
 * who sent the organization anything since an instant (a campaign's exclusion).
 */
export function audienceLookupRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();
  app.post("/consent/opted_out", async (c) => {
    const input = await readJson(c, OptedOutLookup);
    const ids = await optedOutOf(deps.db, c.get("organizationId"), input.channel_id, input.contact_ids);
    return c.json({ data: { opted_out: ids } }, 200);
  });
  app.post("/replied", async (c) => {
    const input = await readJson(c, RepliedLookup);
    const ids = await repliedSince(
      deps.db,
      c.get("organizationId"),
      input.contact_ids,
      new Date(input.since),
    );
    return c.json({ data: { replied: ids } }, 200);
  });
  return app;
}
