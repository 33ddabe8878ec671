import {
  CreateCustomObject,
  CreateCustomProperty,
  CustomObjectRecordsQuery,
  CustomPropertyValuesQuery,
  NotFoundError,
  Pagination,
  UpdateCustomObject,
  UpdateCustomProperty,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { createCustomObject } from "../services/create-custom-object.js";
import { createCustomProperty } from "../services/create-custom-property.js";
import { getCustomObject } from "../services/get-custom-object.js";
import { listCustomObjectRecords } from "../services/list-custom-object-records.js";
import { listCustomObjects } from "../services/list-custom-objects.js";
import { listCustomProperties } from "../services/list-custom-properties.js";
import { listCustomPropertyValues } from "../services/list-custom-property-values.js";
import { updateCustomObject } from "../services/update-custom-object.js";
import { updateCustomProperty } from "../services/update-custom-property.js";

const objectId = (c: Context) => readId(c, "id", z.uuid(), () => new NotFoundError("custom object"));
/** A property by id, or by key (snake_case). */
const propertyId = (c: Context) =>
  readId(c, "property_id", z.string().min(1).max(64), () => new NotFoundError("custom property"));

/** `/v1/custom_objects` definitions and properties, as Whippy's clients call them. */
export function customObjectRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/", async (c) => {
    const page = readQuery(c, Pagination);
    return c.json(await listCustomObjects(deps, c.get("organizationId"), page));
  });

  app.post("/", deps.idempotency.route(201), async (c) => {
    const input = await readJson(c, CreateCustomObject);
    const data = await createCustomObject(deps, c.get("organizationId"), input, c.get("idempotency"));
    return c.json({ data }, 201);
  });

  // Before `/:id`, which it would otherwise be read as.
  app.get("/property_values", async (c) => {
    const query = readQuery(c, CustomPropertyValuesQuery);
    return c.json(await listCustomPropertyValues(deps, c.get("organizationId"), query));
  });

  // Whippy's piece lists an object's records here (with their filters): the page rides along.
  app.get("/:id", async (c) => {
    const id = objectId(c);
    const query = readQuery(c, CustomObjectRecordsQuery);
    const organizationId = c.get("organizationId");
    const data = await getCustomObject(deps, organizationId, id);
    const records = await listCustomObjectRecords(deps, organizationId, id, query);
    return c.json({ data, custom_object_records: records.data, total: records.total });
  });

  app.put("/:id", async (c) => {
    const id = objectId(c);
    const input = await readJson(c, UpdateCustomObject);
    return c.json({ data: await updateCustomObject(deps, c.get("organizationId"), id, input) });
  });

  app.get("/:id/properties", async (c) => {
    const id = objectId(c);
    const page = readQuery(c, Pagination);
    return c.json(await listCustomProperties(deps, c.get("organizationId"), id, page));
  });

  app.post("/:id/properties", async (c) => {
    const id = objectId(c);
    const input = await readJson(c, CreateCustomProperty);
    return c.json({ data: await createCustomProperty(deps, c.get("organizationId"), id, input) }, 201);
  });

  app.put("/:id/properties/:property_id", async (c) => {
    const id = objectId(c);
    const property = propertyId(c);
    const input = await readJson(c, UpdateCustomProperty);
    return c.json({ data: await updateCustomProperty(deps, c.get("organizationId"), id, property, input) });
  });

  return app;
}
