import { CreateTag, NotFoundError, Pagination, TagFilters, UpdateTag } from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { createTag } from "../services/create-tag.js";
import { deleteTag } from "../services/delete-tag.js";
import { getTag } from "../services/get-tag.js";
import { listTags } from "../services/list-tags.js";
import { updateTag } from "../services/update-tag.js";

const tagId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("tag"));

/** `/v1/tags`, as Whippy's clients call it: the catalogue of the names contacts carry. */
export function tagRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const query = readQuery(c, Pagination.extend(TagFilters.shape));
    return c.json(await listTags(deps, c.get("organizationId"), query, query));
  });

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateTag);
    return c.json({ data: await createTag(deps, c.get("organizationId"), input, c.get("idempotency")) }, 201);
  });

  app.get("/:id", async (c) => c.json({ data: await getTag(deps, c.get("organizationId"), tagId(c)) }));

  app.put("/:id", async (c) => {
    const id = tagId(c);
    const input = await readJson(c, UpdateTag);
    return c.json({ data: await updateTag(deps, c.get("organizationId"), id, input) });
  });

  app.delete("/:id", async (c) => c.json({ data: await deleteTag(deps, c.get("organizationId"), tagId(c)) }));

  return app;
}
