import { PUBLIC_EVENT_NAMES } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { WebDeps } from "../deps.js";
import { sessionOf } from "./guards.js";

/**
 * `/app/api/webhook_event_types`: the names a webhook endpoint may subscribe to, from the
 * domain's table of public events (what webhooks fans out), for the settings' picker. The
 * client cannot import that table: it is built from the events' zod schemas.
 */
export function eventTypeRoutes(deps: WebDeps) {
  const app = new Hono<AppEnv>();
  app.get("/webhook_event_types", async (c) => {
    await sessionOf(deps, c);
    return c.json({ data: PUBLIC_EVENT_NAMES });
  });
  return app;
}
