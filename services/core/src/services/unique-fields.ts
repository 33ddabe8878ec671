import { ValidationError } from "@relay/domain";
import { uniqueViolation } from "../db/pg-errors.js";

/**
 * Runs `work`; a unique violation of one of `fields`' constraints becomes a 422 naming the field
 * (the database decides, so two concurrent requests cannot both win).
 */
export async function withUniqueFields<T>(
  fields: Record<string, string>,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const constraint = uniqueViolation(error);
    const field = constraint === undefined ? undefined : fields[constraint];
    if (field) throw ValidationError.field(field, "is already used by another record of this organization");
    throw error;
  }
}
