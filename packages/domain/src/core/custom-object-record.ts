import { z } from "zod";
import { defineEvent } from "../events.js";
import { freeFormObject, PROPERTIES_LIMITS } from "../free-form.js";
import { Pagination, unlessBlank } from "../pagination.js";

/**
 * What a record may be associated with, by name or by the index Whippy's Activepieces piece sends
 * from its dropdown (`"0"` contact … `"6"` step_contact). Only contacts live in core, so only
 * `contact` is accepted for now; the others are refused by name.
 */
const RESOURCE_TYPES = [
  "contact",
  "conversation",
  "message",
  "tag",
  "contact_tag",
  "campaign_contact",
  "step_contact",
] as const;

export const AssociatedResourceType = z.literal("contact");
export type AssociatedResourceType = z.infer<typeof AssociatedResourceType>;

const ResourceTypeInput = z
  .union([z.string(), z.number()])
  .transform((value) => {
    const text = String(value).trim();
    return (/^\d$/.test(text) && RESOURCE_TYPES[Number(text)]) || text.toLowerCase();
  })
  .pipe(
    z.string().refine((type) => type === "contact", {
      message: "must be contact (other resources cannot hold custom records yet)",
    }),
  )
  .transform(() => "contact" as const);

const ExternalId = z.string().trim().min(1, "must not be empty").max(255);

export const CustomObjectRecord = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  custom_object_id: z.uuid(),
  external_id: z.string().nullable(),
  associated_resource_id: z.uuid().nullable(),
  associated_resource_type: AssociatedResourceType.nullable(),
  properties: z.record(z.string(), z.unknown()),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type CustomObjectRecord = z.infer<typeof CustomObjectRecord>;

/** One property of one record, as Whippy lists property values. */
export const CustomPropertyValue = z.object({
  id: z.uuid(),
  custom_object_id: z.uuid(),
  custom_object_record_id: z.uuid(),
  custom_property_id: z.uuid(),
  key: z.string(),
  value: z.unknown(),
  associated_resource_id: z.uuid().nullable(),
  associated_resource_type: AssociatedResourceType.nullable(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type CustomPropertyValue = z.infer<typeof CustomPropertyValue>;

/**
 * A record's body: `associated_resource_*` as the issue names them, `associated_record_*` as
 * Whippy's piece sends them (either is read; an id without a type is a contact's).
 */
const RecordBody = z.strictObject({
  associated_resource_id: z.uuid().nullish(),
  associated_resource_type: ResourceTypeInput.nullish(),
  associated_record_id: z.uuid().nullish(),
  associated_record_type: ResourceTypeInput.nullish(),
  external_id: ExternalId.nullish(),
  properties: freeFormObject(PROPERTIES_LIMITS).nullish(),
});

function normalized(body: z.output<typeof RecordBody>, ctx: z.RefinementCtx) {
  const id = body.associated_resource_id ?? body.associated_record_id;
  const type = body.associated_resource_type ?? body.associated_record_type;
  if (type && !id)
    ctx.addIssue({ code: "custom", message: "is required with a type", path: ["associated_resource_id"] });
  return {
    associated_resource_id: id ?? undefined,
    external_id: body.external_id,
    properties: body.properties ?? {},
  };
}

/**
 * `POST /custom_objects/{id}/records`, an upsert: matched on `external_id` when given, otherwise
 * on the associated resource; `properties` are merged into the record found.
 */
export const UpsertCustomObjectRecord = RecordBody.transform((body, ctx) => {
  const { external_id, ...rest } = normalized(body, ctx);
  return { ...rest, external_id: external_id ?? undefined };
});
export type UpsertCustomObjectRecord = z.output<typeof UpsertCustomObjectRecord>;

/** `PUT`/`PATCH` a record: properties merged; `external_id: null` clears it. */
export const UpdateCustomObjectRecord = RecordBody.transform(normalized);
export type UpdateCustomObjectRecord = z.output<typeof UpdateCustomObjectRecord>;

/** `PUT /custom_objects/{id}/records/{record_id}/properties/{property_id}`: one value (null clears it). */
export const SetCustomPropertyValue = z.strictObject({
  value: z.unknown().refine((value) => value !== undefined, "is required"),
});
export type SetCustomPropertyValue = z.infer<typeof SetCustomPropertyValue>;

const ResourceFilters = {
  associated_resource_id: unlessBlank(z.uuid()),
  associated_resource_type: unlessBlank(ResourceTypeInput),
};

/** Records of one object (`GET /custom_objects/{id}[/records]`), filtered as Whippy's piece sends. */
export const CustomObjectRecordsQuery = Pagination.extend({
  ...ResourceFilters,
  external_id: unlessBlank(ExternalId),
});
export type CustomObjectRecordsQuery = z.infer<typeof CustomObjectRecordsQuery>;

/** `GET /contacts/{id}/custom_object_records`. */
export const ContactCustomObjectRecordsQuery = Pagination.extend({
  custom_object_id: unlessBlank(z.uuid()),
});
export type ContactCustomObjectRecordsQuery = z.infer<typeof ContactCustomObjectRecordsQuery>;

const DateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" });

/** `GET /custom_objects/property_values`: `before`/`after` the record's last change. */
export const CustomPropertyValuesQuery = Pagination.extend({
  ...ResourceFilters,
  custom_object_id: unlessBlank(z.uuid()),
  before: unlessBlank(DateTime),
  after: unlessBlank(DateTime),
});
export type CustomPropertyValuesQuery = z.infer<typeof CustomPropertyValuesQuery>;

export const CustomObjectRecordCreated = defineEvent("core.custom_object_record.created", CustomObjectRecord);
export const CustomObjectRecordUpdated = defineEvent("core.custom_object_record.updated", CustomObjectRecord);
