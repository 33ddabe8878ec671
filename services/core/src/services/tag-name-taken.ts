import { ValidationError } from "@relay/domain";
import { uniqueViolation } from "../db/pg-errors.js";

/** A name another tag of the organization has is a 422 on `name`, like a duplicate contact field. */
export function explainTagName(error: unknown, name: string | undefined): unknown {
  if (uniqueViolation(error) !== "tags_organization_id_name_key") return error;
  return ValidationError.field("name", `a tag named "${name}" already exists`);
}
