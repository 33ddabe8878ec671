import { NotFoundError, Pagination } from "@relay/domain";
import { type AppEnv, readId, readQuery } from "@relay/service-kit";
import { Hono } from "hono";
import { z } from "zod";
import type { SequencesDeps } from "../deps.js";
import { listContactSequences } from "../services/read-sequences.js";

/** `/v1/contacts/{id}/sequences` (Whippy's path): the contact's sequence runs, each with its sequence. */
export function contactSequenceRoutes(deps: SequencesDeps) {
  const app = new Hono<AppEnv>();
  app.get("/:id/sequences", async (c) => {
    const contactId = readId(c, "id", z.uuid(), () => new NotFoundError("contact"));
    const page = readQuery(c, Pagination);
    return c.json(await listContactSequences(deps, c.get("organizationId"), contactId, page));
  });
  return app;
}
