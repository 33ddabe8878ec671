import { AdminCreateApiKey, CreateOrganization, NotFoundError, Pagination } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { createApiKey } from "../services/create-api-key.js";
import { createOrganization } from "../services/create-organization.js";
import { getOrganization } from "../services/get-organization.js";
import { listOrganizations } from "../services/list-organizations.js";
import { adminAuth } from "./admin-auth.js";

const organizationId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("organization"));

/** Operator bootstrap: organizations and their API keys. */
export function adminRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();
  app.use(adminAuth(deps.internalToken, deps.adminToken));

  app.post("/organizations", async (c) => {
    const input = await readJson(c, CreateOrganization);
    return c.json({ data: await createOrganization(deps, input) }, 201);
  });

  app.get("/organizations", async (c) => c.json(await listOrganizations(deps, readQuery(c, Pagination))));

  app.get("/organizations/:id", async (c) =>
    c.json({ data: await getOrganization(deps, organizationId(c)) }),
  );

  app.post("/organizations/:id/api_keys", async (c) => {
    const id = organizationId(c);
    // An empty body is `{}` here, so `curl -X POST …/api_keys` works without one.
    const input = await readJson(c, AdminCreateApiKey, { empty: {} });
    return c.json({ data: await createApiKey(deps, id, input.name ?? "default") }, 201);
  });

  return app;
}
