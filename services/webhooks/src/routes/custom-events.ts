import { BulkCustomEvents, CustomEventRequest, ListContactEventsQuery, NotFoundError } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { WebhooksDeps } from "../deps.js";
import { contactTimeline, createCustomEvent, createCustomEvents } from "../services/custom-events.js";

/** `/v1/custom_events` (the contract's) and `/v1/contacts/{id}/events` (our extension: a contact's timeline). */
export function customEventRoutes(deps: WebhooksDeps) {
  const app = new Hono<AppEnv>();
  const org = (c: Context<AppEnv>) => c.get("organizationId");

  app.post("/custom_events", async (c) => {
    const input = await readJson(c, CustomEventRequest);
    const event = await createCustomEvent(deps, org(c), input);
    return c.json({ data: event }, 201);
  });
  app.post("/custom_events/bulk", async (c) => {
    const input = await readJson(c, BulkCustomEvents);
    return c.json({ data: await createCustomEvents(deps, org(c), input.events) }, 202);
  });
  app.get("/contacts/:id/events", async (c) => {
    const id = readId(c, "id", z.uuid(), () => new NotFoundError("contact"));
    return c.json(await contactTimeline(deps, org(c), id, readQuery(c, ListContactEventsQuery)));
  });
  return app;
}
