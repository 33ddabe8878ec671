import {
  ContactCustomObjectRecordsQuery,
  CustomObjectRecordsQuery,
  NotFoundError,
  SetCustomPropertyValue,
  UpdateCustomObjectRecord,
  UpsertCustomObjectRecord,
} from "@relay/domain";
import { type AppEnv, readId, readJson, readQuery } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { CoreDeps } from "../deps.js";
import { listContactCustomObjectRecords } from "../services/list-contact-custom-object-records.js";
import { listCustomObjectRecords } from "../services/list-custom-object-records.js";
import { setCustomPropertyValue } from "../services/set-custom-property-value.js";
import { updateCustomObjectRecord } from "../services/update-custom-object-record.js";
import { upsertCustomObjectRecord } from "../services/upsert-custom-object-record.js";

const uuid = (c: Context, name: string, resource: string) =>
  readId(c, name, z.uuid(), () => new NotFoundError(resource));

/** `/v1/custom_objects/{id}/records*`, as Whippy's piece calls them (mounted beside the definitions). */
export function customObjectRecordRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();

  app.get("/:id/records", async (c) => {
    const id = uuid(c, "id", "custom object");
    const query = readQuery(c, CustomObjectRecordsQuery);
    return c.json(await listCustomObjectRecords(deps, c.get("organizationId"), id, query));
  });

  // An upsert: 201 when it made the record, 200 when it merged into one.
  app.post("/:id/records", async (c) => {
    const id = uuid(c, "id", "custom object");
    const input = await readJson(c, UpsertCustomObjectRecord);
    const { record, created } = await upsertCustomObjectRecord(deps, c.get("organizationId"), id, input);
    return c.json({ data: record }, created ? 201 : 200);
  });

  const update = async (c: Context<AppEnv>) => {
    const id = uuid(c, "id", "custom object");
    const recordId = uuid(c, "record_id", "custom object record");
    const input = await readJson(c, UpdateCustomObjectRecord);
    return c.json({
      data: await updateCustomObjectRecord(deps, c.get("organizationId"), id, recordId, input),
    });
  };
  app.put("/:id/records/:record_id", update);
  app.patch("/:id/records/:record_id", update);

  app.put("/:id/records/:record_id/properties/:property_id", async (c) => {
    const objectId = uuid(c, "id", "custom object");
    const recordId = uuid(c, "record_id", "custom object record");
    const propertyId = readId(
      c,
      "property_id",
      z.string().min(1).max(64),
      () => new NotFoundError("custom property"),
    );
    const { value } = await readJson(c, SetCustomPropertyValue);
    const ids = { objectId, recordId, propertyId };
    return c.json({ data: await setCustomPropertyValue(deps, c.get("organizationId"), ids, value) });
  });

  return app;
}

/** `GET /v1/contacts/{id}/custom_object_records`: a contact's records, apart from the (light) contact. */
export function contactCustomObjectRecordRoutes(deps: CoreDeps) {
  const app = new Hono<AppEnv>();
  app.get("/:id/custom_object_records", async (c) => {
    const id = uuid(c, "id", "contact");
    const query = readQuery(c, ContactCustomObjectRecordsQuery);
    return c.json(await listContactCustomObjectRecords(deps, c.get("organizationId"), id, query));
  });
  return app;
}
