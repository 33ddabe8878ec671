import { type ErrorDetail, freeFormProblem, PROPERTIES_LIMITS, ValidationError } from "@relay/domain";
import type { ContactFields, Identifiers } from "../db/contacts.js";
import type { ContactRow } from "../db/schema.js";
import type { ContactPatch } from "./contact-input.js";

const NEW_CONTACT: ContactFields = {
  phone: null,
  email: null,
  name: null,
  external_id: null,
  address: null,
  birth_date: null,
  language: null,
  default_channel_id: null,
  properties: {},
  tags: [],
  state: "open",
  blocked: false,
};

export function fieldsOf(row?: ContactRow): ContactFields {
  if (!row) return NEW_CONTACT;
  const { id: _id, organization_id: _org, created_at: _c, updated_at: _u, ...fields } = row;
  return fields;
}

/** `properties` merge key by key (a null value removes the key); `state` and `blocked` stay consistent. */
export function applyPatch(current: ContactFields, patch: ContactPatch): ContactFields {
  const { properties, state, blocked, ...rest } = patch;
  const next: ContactFields = { ...current, ...rest };
  if (properties === null) next.properties = {};
  else if (properties !== undefined) {
    const merged = { ...current.properties };
    for (const [key, value] of Object.entries(properties)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    next.properties = merged;
  }
  if (state !== undefined) {
    next.state = state;
    next.blocked = state === "blocked";
  } else if (blocked !== undefined) {
    next.blocked = blocked;
    if (blocked) next.state = "blocked";
    else if (current.state === "blocked") next.state = "open";
  }
  return next;
}

/** JSON with sorted keys: jsonb does not keep the order keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The fields whose value differs between two versions of a contact (emails compared case-insensitively). */
export function changedFields(current: ContactFields, next: ContactFields): Partial<ContactFields> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(next) as Array<keyof ContactFields>) {
    if (key === "email" && current.email?.toLowerCase() === next.email?.toLowerCase()) continue;
    if (canonical(current[key]) !== canonical(next[key])) changes[key] = next[key];
  }
  return changes as Partial<ContactFields>;
}

/** A contact must stay reachable: phone or email (the field named is `phone`). */
export function requirePhoneOrEmail(fields: ContactFields, prefix?: string): void {
  if (fields.phone !== null || fields.email !== null) return;
  const detail: ErrorDetail = {
    field: prefix ? `${prefix}.phone` : "phone",
    message: "phone or email is required",
  };
  throw new ValidationError(`${detail.field}: ${detail.message}`, [detail]);
}

/** Properties merge key by key, so the merged whole must fit the limits one request's do. */
export function requirePropertiesFit(fields: ContactFields, prefix?: string): void {
  const message = freeFormProblem(fields.properties, PROPERTIES_LIMITS);
  if (!message) return;
  const field = prefix ? `${prefix}.properties` : "properties";
  throw new ValidationError(`${field}: ${message} once merged`, [
    { field, message: `${message} once merged` },
  ]);
}

/** The unique identifiers a set of fields sets (what must not belong to another contact). */
export function identifiersOf(
  fields: Partial<Pick<ContactFields, "external_id" | "phone" | "email">>,
): Identifiers {
  const keys: Identifiers = {};
  if (typeof fields.external_id === "string") keys.external_id = fields.external_id;
  if (typeof fields.phone === "string") keys.phone = fields.phone;
  if (typeof fields.email === "string") keys.email = fields.email;
  return keys;
}
