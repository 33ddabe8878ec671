import { ValidationError } from "@relay/domain";
import { uniqueViolation } from "../db/pg-errors.js";

/** A key or external id another one already has is a 422 naming the field, like a duplicate tag name. */
export function explainCustomObjectConflict(
  error: unknown,
  given: { key?: string; external_id?: string | null },
  fields: { key?: string } = {},
): unknown {
  switch (uniqueViolation(error)) {
    case "custom_objects_organization_id_key_key":
      return ValidationError.field("key", `a custom object with key "${given.key}" already exists`);
    case "custom_properties_custom_object_id_key_key":
      return ValidationError.field(
        fields.key ?? "key",
        `this custom object already has a property "${given.key}"`,
      );
    case "custom_object_records_external_idx":
      return ValidationError.field("external_id", `another record has external_id "${given.external_id}"`);
    default:
      return error;
  }
}
