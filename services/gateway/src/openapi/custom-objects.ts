import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import {
  ContactCustomObjectRecordsQuery,
  CreateCustomObject,
  CreateCustomProperty,
  CUSTOM_PROPERTY_TYPES,
  CustomObject,
  CustomObjectRecord,
  CustomObjectRecordsQuery,
  CustomProperty,
  CustomPropertyValue,
  CustomPropertyValuesQuery,
  dataOf,
  listOf,
  SetCustomPropertyValue,
  UpdateCustomObject,
  UpdateCustomObjectRecord,
  UpdateCustomProperty,
  UpsertCustomObjectRecord,
} from "@relay/domain";
import { errorResponses, IdempotencyHeader, json, jsonBody, ListQuery, PathId } from "./common.js";
import { component, z } from "./zod.js";

const TYPES = CUSTOM_PROPERTY_TYPES.map((type) => `\`${type}\``).join(", ");
const PIECE_NOTE =
  "A query parameter whose value is the text `undefined` (what Whippy's Activepieces piece sends for an unset " +
  "one), or empty, is absent.";

const RecordPath = PathId.extend({
  record_id: z.uuid().openapi({ param: { name: "record_id", in: "path", description: "Record UUID." } }),
});
const PropertyPath = z.string().openapi({
  param: { name: "property_id", in: "path", description: "The property's UUID, or its key." },
});

/** Core reads a list of properties or one property object; documented as such, not as the raw JSON core takes first. */
const PropertiesInput = z
  .union([z.array(CreateCustomProperty), CreateCustomProperty])
  .optional()
  .openapi({ description: "A list of properties, or one property object (as Whippy's piece sends it)." });

/** Whippy's custom data (`/custom_objects*`), as its Activepieces piece calls it (not in the reconstructed contract). */
export function registerCustomObjects(registry: OpenAPIRegistry): void {
  const property = component(registry, "CustomProperty", CustomProperty);
  const object = component(registry, "CustomObject", CustomObject);
  const record = component(registry, "CustomObjectRecord", CustomObjectRecord);
  const value = component(registry, "CustomPropertyValue", CustomPropertyValue);
  const tags = ["Custom objects"];

  registry.registerPath({
    method: "get",
    path: "/custom_objects",
    operationId: "getCustomObjects",
    tags,
    summary: "List custom objects (extension: Whippy's path)",
    description: `Oldest first, each with its \`custom_properties\` in order. ${PIECE_NOTE}`,
    request: { query: ListQuery },
    responses: { "200": json(listOf(object), "A page of custom objects"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "post",
    path: "/custom_objects",
    operationId: "createCustomObject",
    tags,
    summary: "Create a custom object (extension: Whippy's path)",
    description:
      "`key` is snake_case and unique in your organization (a taken one is a 422 naming `key`). " +
      `\`custom_properties\`: a list, or one property object (as Whippy's piece sends it). A property's \`type\` is one of ${TYPES}, ` +
      "or the piece's dropdown index (`0` text, `1` number, `2` float, `3` boolean, `4` date, `5` list, `6` map); " +
      "`number` is an integer, `float` any number. `required` takes `true`/`false` or their texts; `default` must " +
      "fit the type (422 naming `custom_properties.<i>.default`). Announced as `custom_object.created`.",
    request: {
      headers: IdempotencyHeader,
      body: jsonBody(CreateCustomObject.extend({ custom_properties: PropertiesInput })),
    },
    responses: { "201": json(dataOf(object), "Custom object created"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/custom_objects/property_values",
    operationId: "getCustomPropertyValues",
    tags,
    summary: "List custom property values (extension: Whippy's path)",
    description:
      "One entry per value a record holds (its id is stable: made from the record and the property), records " +
      "oldest first and properties in order. Filters: `custom_object_id`, `associated_resource_id` / " +
      "`associated_resource_type` (`contact`), `before` / `after` the record's last change (ISO 8601). " +
      PIECE_NOTE,
    request: { query: CustomPropertyValuesQuery },
    responses: { "200": json(listOf(value), "A page of property values"), ...errorResponses("422") },
  });
  registry.registerPath({
    method: "get",
    path: "/custom_objects/{id}",
    operationId: "getCustomObject",
    tags,
    summary: "Show a custom object, with a page of its records (extension: Whippy's path)",
    description:
      "`data` is the object; `custom_object_records` and `total` are a page of its records, filtered like " +
      `\`GET /custom_objects/{id}/records\` (Whippy's piece lists records with this call). ${PIECE_NOTE}`,
    request: { params: PathId, query: CustomObjectRecordsQuery },
    responses: {
      "200": json(
        z.object({ data: object, custom_object_records: z.array(record), total: z.int() }),
        "The custom object and a page of its records",
      ),
      ...errorResponses("404", "422"),
    },
  });
  registry.registerPath({
    method: "put",
    path: "/custom_objects/{id}",
    operationId: "updateCustomObject",
    tags,
    summary: "Update a custom object (extension: Whippy's path)",
    description:
      "`key` and `label` replace the object's. Each of `custom_properties` changes the property with its key " +
      "or is added after the others; none is removed. A property's type stays while records hold values for it " +
      "(422 naming its `type`). Announced as `custom_object.updated`.",
    request: {
      params: PathId,
      body: jsonBody(UpdateCustomObject.extend({ custom_properties: PropertiesInput })),
    },
    responses: { "200": json(dataOf(object), "Custom object updated"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/custom_objects/{id}/properties",
    operationId: "getCustomProperties",
    tags,
    summary: "List a custom object's properties (extension)",
    request: { params: PathId, query: ListQuery },
    responses: { "200": json(listOf(property), "A page of properties"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "post",
    path: "/custom_objects/{id}/properties",
    operationId: "createCustomProperty",
    tags,
    summary: "Create a custom property (extension: Whippy's path)",
    description:
      "Added after the object's other properties; its `key` is unique within the object (422 naming `key`). " +
      "Types and defaults as for `POST /custom_objects`. Announced as `custom_object.updated`.",
    request: { params: PathId, body: jsonBody(CreateCustomProperty) },
    responses: { "201": json(dataOf(property), "Custom property created"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "put",
    path: "/custom_objects/{id}/properties/{property_id}",
    operationId: "updateCustomProperty",
    tags,
    summary: "Update a custom property (extension)",
    description:
      "`label`, `required`, `default`, and `type` while no record holds a value for it. Announced as `custom_object.updated`.",
    request: { params: PathId.extend({ property_id: PropertyPath }), body: jsonBody(UpdateCustomProperty) },
    responses: { "200": json(dataOf(property), "Custom property updated"), ...errorResponses("404", "422") },
  });
  registerRecords(registry, record, value);
}

function registerRecords(registry: OpenAPIRegistry, record: z.ZodType, value: z.ZodType): void {
  const tags = ["Custom objects"];
  const one = dataOf(record);
  registry.registerPath({
    method: "get",
    path: "/custom_objects/{id}/records",
    operationId: "getCustomObjectRecords",
    tags,
    summary: "List a custom object's records (extension)",
    description:
      "Oldest first. Filters: `associated_resource_id` (a contact's id), `associated_resource_type` (`contact`, " +
      `or the piece's index \`0\`), \`external_id\`. ${PIECE_NOTE}`,
    request: { params: PathId, query: CustomObjectRecordsQuery },
    responses: { "200": json(listOf(record), "A page of records"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "post",
    path: "/custom_objects/{id}/records",
    operationId: "upsertCustomObjectRecord",
    tags,
    summary: "Create or update a custom object record (extension: Whippy's path)",
    description:
      "An upsert. The record matched is the one with this `external_id` when one is given, otherwise the " +
      "associated contact's (its oldest record of this object); none matched, one is created (201), else it " +
      "is updated (200). `associated_resource_id` / `associated_resource_type`, or `associated_record_id` / " +
      "`associated_record_type` as Whippy's piece sends them (type `contact` or its index `0`; an id alone is a " +
      "contact's; it must be one of your contacts, else a 422 naming `associated_resource_id`; other types are " +
      "refused). `properties` are merged into the record's (`null` clears one), a required property left " +
      "without a value takes its default, then every value is checked against its property's type: a 422 " +
      'names it (`properties.start_date`). Text that reads as the type is taken (`"42"`, `"true"`). ' +
      "A record goes with its contact. Announced as `custom_object_record.created` / `.updated`.",
    request: { params: PathId, body: jsonBody(UpsertCustomObjectRecord) },
    responses: {
      "200": json(one, "The record matched, with the properties merged"),
      "201": json(one, "Record created"),
      ...errorResponses("404", "422"),
    },
  });
  for (const method of ["put", "patch"] as const)
    registry.registerPath({
      method,
      path: "/custom_objects/{id}/records/{record_id}",
      operationId: method === "put" ? "updateCustomObjectRecord" : "patchCustomObjectRecord",
      tags,
      summary:
        method === "put"
          ? "Update a custom object record (extension: Whippy's path)"
          : "Update a custom object record, as PUT (extension)",
      description:
        "`properties` merged and checked as for the upsert; `external_id` (`null` clears it; another record's is " +
        "a 422 naming `external_id`) and the associated contact replaced when given. Announced as " +
        "`custom_object_record.updated`.",
      request: { params: RecordPath, body: jsonBody(UpdateCustomObjectRecord) },
      responses: { "200": json(one, "Record updated"), ...errorResponses("404", "422") },
    });
  registry.registerPath({
    method: "put",
    path: "/custom_objects/{id}/records/{record_id}/properties/{property_id}",
    operationId: "updateCustomPropertyValue",
    tags,
    summary: "Update one value of a record (extension: Whippy's path)",
    description:
      "`value` checked against the property's type (a 422 names `value`); `null` clears it, unless required. " +
      "Announced as `custom_object_record.updated`.",
    request: {
      params: RecordPath.extend({ property_id: PropertyPath }),
      body: jsonBody(SetCustomPropertyValue),
    },
    responses: { "200": json(dataOf(value), "The value as stored"), ...errorResponses("404", "422") },
  });
  registry.registerPath({
    method: "get",
    path: "/contacts/{id}/custom_object_records",
    operationId: "getContactCustomObjectRecords",
    tags,
    summary: "List a contact's custom object records (extension)",
    description:
      "Every record associated with the contact, oldest first, or only one object's (`custom_object_id`). " +
      "`GET /contacts/{id}` does not carry them, so contact answers stay light.",
    request: { params: PathId, query: ContactCustomObjectRecordsQuery },
    responses: { "200": json(listOf(record), "A page of records"), ...errorResponses("404", "422") },
  });
}
