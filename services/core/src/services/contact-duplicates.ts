import { type ErrorDetail, ValidationError } from "@relay/domain";
import type { Kysely } from "kysely";
import { duplicateField, findByIdentifiers, type IdentifierField, type Identifiers } from "../db/contacts.js";
import type { ContactRow, CoreDB } from "../db/schema.js";

const FIELDS: IdentifierField[] = ["external_id", "phone", "email"];

/** Which of `keys` each contact holds (email compared case-insensitively). */
export function heldBy(row: ContactRow, keys: Identifiers): IdentifierField[] {
  return FIELDS.filter((field) => {
    const value = keys[field];
    if (value === undefined) return false;
    return field === "email" ? row.email?.toLowerCase() === value.toLowerCase() : row[field] === value;
  });
}

function duplicateError(rows: ContactRow[], keys: Identifiers, prefix?: string): ValidationError | undefined {
  const details: ErrorDetail[] = [];
  for (const row of rows) {
    for (const field of heldBy(row, keys)) {
      details.push({
        field: prefix ? `${prefix}.${field}` : field,
        message: `already belongs to contact ${row.id}`,
      });
    }
  }
  if (details.length === 0) return undefined;
  return new ValidationError(details.map((d) => `${d.field}: ${d.message}`).join("; "), details);
}

/**
 * Throws a 422 naming the field (and the contact holding it) when another contact of the
 * organization already has one of these identifiers.
 */
export async function assertUnique(
  db: Kysely<CoreDB>,
  organizationId: string,
  keys: Identifiers,
  excludeId?: string,
): Promise<void> {
  const rows = await findByIdentifiers(db, organizationId, keys, { excludeId });
  const error = duplicateError(rows, keys);
  if (error) throw error;
}

/**
 * A concurrent write won the race for a unique identifier: turn the database's unique
 * violation into the same 422 as `assertUnique`. Other errors are returned unchanged.
 */
export async function explainDuplicate(
  db: Kysely<CoreDB>,
  organizationId: string,
  keys: Identifiers,
  error: unknown,
  excludeId?: string,
): Promise<unknown> {
  const field = duplicateField(error);
  if (!field) return error;
  const rows = await findByIdentifiers(db, organizationId, keys, { excludeId });
  const explained = duplicateError(rows, keys);
  if (explained) return explained;
  const detail = { field, message: "is already used by another contact" };
  return new ValidationError(`${field}: ${detail.message}`, [detail], error);
}
