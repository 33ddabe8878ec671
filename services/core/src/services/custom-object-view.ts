import type { CustomObject, CustomObjectRecord, CustomProperty, CustomPropertyType } from "@relay/domain";
import type { PropertyValueRow } from "../db/custom-object-records.js";
import type { CustomObjectRecordRow, CustomObjectRow, CustomPropertyRow } from "../db/schema.js";
import { pairId } from "./tag-view.js";

export function toCustomProperty(row: CustomPropertyRow): CustomProperty {
  return {
    id: row.id,
    custom_object_id: row.custom_object_id,
    key: row.key,
    label: row.label,
    type: row.type as CustomPropertyType,
    default: row.default_value ?? null,
    required: row.required,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** `properties` are the object's own, in order (others in the list are ignored). */
export function toCustomObject(row: CustomObjectRow, properties: readonly CustomPropertyRow[]): CustomObject {
  return {
    id: row.id,
    organization_id: row.organization_id,
    key: row.key,
    label: row.label,
    custom_properties: properties.filter((p) => p.custom_object_id === row.id).map(toCustomProperty),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toCustomObjectRecord(row: CustomObjectRecordRow): CustomObjectRecord {
  return {
    id: row.id,
    organization_id: row.organization_id,
    custom_object_id: row.custom_object_id,
    external_id: row.external_id,
    associated_resource_id: row.contact_id,
    associated_resource_type: row.contact_id ? "contact" : null,
    properties: row.properties,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** A value's id is a name-based UUID of (record, property): the same on every read. */
export function toCustomPropertyValue({ record, property_id, key, value }: PropertyValueRow) {
  return {
    id: pairId(record.id, property_id),
    custom_object_id: record.custom_object_id,
    custom_object_record_id: record.id,
    custom_property_id: property_id,
    key,
    value,
    associated_resource_id: record.contact_id,
    associated_resource_type: record.contact_id ? ("contact" as const) : null,
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  };
}
