import { CreateApiKey, NotFoundError, Pagination, UpdateApiKey } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { createApiKey } from "../services/create-api-key.js";
import { deleteApiKey } from "../services/delete-api-key.js";
import { listApiKeys } from "../services/list-api-keys.js";
import { updateApiKey } from "../services/update-api-key.js";

const apiKeyId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("api key"));

/** `/v1/api_keys` (our extension): the organization manages its own keys. */
export function apiKeyRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) =>
    c.json(await listApiKeys(deps, c.get("organizationId"), readQuery(c, Pagination))),
  );

  app.post("/", async (c) => {
    const input = await readJson(c, CreateApiKey);
    return c.json({ data: await createApiKey(deps, c.get("organizationId"), input.name) }, 201);
  });

  app.put("/:id", async (c) => {
    const id = apiKeyId(c);
    const input = await readJson(c, UpdateApiKey);
    return c.json({ data: await updateApiKey(deps, c.get("organizationId"), id, input) });
  });

  app.delete("/:id", async (c) =>
    c.json({ data: await deleteApiKey(deps, c.get("organizationId"), apiKeyId(c)) }),
  );

  return app;
}
