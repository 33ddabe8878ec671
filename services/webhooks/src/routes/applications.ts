import {
  CreateDeveloperApplication,
  NotFoundError,
  Pagination,
  UpdateDeveloperApplication,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { WebhooksDeps } from "../deps.js";
import {
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from "../services/applications.js";

const applicationId = (c: Context) =>
  readId(c, "id", z.uuid(), () => new NotFoundError("developer application"));

/** `/v1/developers/applications`: Whippy's developer applications (a name; endpoints belong to one). */
export function applicationRoutes(deps: WebhooksDeps) {
  const app = new Hono<AppEnv>();
  const org = (c: Context<AppEnv>) => c.get("organizationId");

  app.get("/", async (c) => c.json(await listApplications(deps, org(c), readQuery(c, Pagination))));
  app.post("/", async (c) => {
    const input = await readJson(c, CreateDeveloperApplication);
    return c.json({ data: await createApplication(deps, org(c), input) }, 201);
  });
  app.get("/:id", async (c) => c.json({ data: await getApplication(deps, org(c), applicationId(c)) }));
  app.put("/:id", async (c) => {
    const id = applicationId(c);
    const input = await readJson(c, UpdateDeveloperApplication);
    return c.json({ data: await updateApplication(deps, org(c), id, input) });
  });
  app.delete("/:id", async (c) => c.json({ data: await deleteApplication(deps, org(c), applicationId(c)) }));
  return app;
}
