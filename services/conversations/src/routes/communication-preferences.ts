import { ConsentHistoryQuery, NotFoundError, OptPreference } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ConversationsDeps } from "../deps.js";
import { changePreference } from "../services/change-preference.js";
import { listConsentChanges } from "../services/consent-history.js";
import { listPreferences } from "../services/list-preferences.js";

const contactId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("contact"));

/** `/v1/contacts/{id}/communication_preferences*`: consent lives here, not in core. */
export function communicationPreferenceRoutes(deps: ConversationsDeps) {
  const app = new Hono<AppEnv>();

  app.get("/:id/communication_preferences", async (c) => {
    const id = contactId(c);
    return c.json({ data: await listPreferences(deps, c.get("organizationId"), id, c.get("channelScope")) });
  });

  // Extension: every change, newest first; an agent sees their channels' only.
  app.get("/:id/communication_preferences/history", async (c) => {
    const id = contactId(c);
    const query = readQuery(c, ConsentHistoryQuery);
    return c.json(await listConsentChanges(deps, c.get("organizationId"), id, query, c.get("channelScope")));
  });

  for (const [path, optIn] of [
    ["opt_in", true],
    ["opt_out", false],
  ] as const) {
    app.post(`/:id/communication_preferences/${path}`, async (c) => {
      const id = contactId(c);
      const input = await readJson(c, OptPreference);
      const change = { ...input, optIn };
      return c.json({
        data: await changePreference(deps, c.get("organizationId"), id, change, c.get("userId")),
      });
    });
  }

  return app;
}
