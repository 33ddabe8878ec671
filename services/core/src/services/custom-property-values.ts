import { type CustomPropertyType, toE164, ValidationError } from "@relay/domain";
import { z } from "zod";
import type { CustomPropertyRow } from "../db/schema.js";

const MAX_TEXT = 10_000;
const INTEGER = /^-?\d{1,15}$/;
const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DateTime = z.iso.datetime({ offset: true });
const Email = z.email();

type Coerced = { value: unknown } | { problem: string };

/**
 * `value` as a property of `type` stores it, or why it cannot be. Text that reads unambiguously
 * as the type is taken (`"42"` for a number, `"true"` for a boolean): Whippy's piece sends every
 * value it sets as text. An empty text is no value, except for a text property.
 */
export function coerceValue(type: CustomPropertyType, value: unknown, defaultCountry: string): Coerced {
  if (value === null || (value === "" && type !== "text")) return { value: null };
  const text = typeof value === "string" ? value.trim() : undefined;
  switch (type) {
    case "text":
      if (typeof value !== "string") return { problem: "must be text" };
      return value.length > MAX_TEXT ? { problem: `must be at most ${MAX_TEXT} characters` } : { value };
    case "number":
      if (typeof value === "number" && Number.isSafeInteger(value)) return { value };
      return text !== undefined && INTEGER.test(text)
        ? { value: Number(text) }
        : { problem: "must be an integer" };
    case "float":
      if (typeof value === "number" && Number.isFinite(value)) return { value };
      return text !== undefined && DECIMAL.test(text) && Number.isFinite(Number(text))
        ? { value: Number(text) }
        : { problem: "must be a number" };
    case "boolean":
      if (typeof value === "boolean") return { value };
      return text === "true" || text === "false"
        ? { value: text === "true" }
        : { problem: "must be true or false" };
    case "date":
      return text !== undefined && isCalendarDate(text)
        ? { value: text }
        : { problem: "must be a date like 2026-05-01" };
    case "datetime":
      return text !== undefined && DateTime.safeParse(text).success
        ? { value: text }
        : { problem: "must be an ISO 8601 date-time with an offset" };
    case "email":
      return text !== undefined && Email.safeParse(text).success
        ? { value: text.toLowerCase() }
        : { problem: "must be an email address" };
    case "phone": {
      const phone = text === undefined ? undefined : toE164(text, defaultCountry);
      return phone ? { value: phone } : { problem: "must be a valid phone number" };
    }
    case "url":
      return text !== undefined && isWebUrl(text) ? { value: text } : { problem: "must be an http(s) URL" };
    case "list":
      return Array.isArray(value) ? { value } : { problem: "must be a list" };
    case "map":
      return typeof value === "object" && !Array.isArray(value)
        ? { value }
        : { problem: "must be an object" };
  }
}

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** A property's default as stored (null for none); a 422 on `field` when it does not fit `type`. */
export function checkDefault(
  type: CustomPropertyType,
  value: unknown,
  field: string,
  defaultCountry: string,
): unknown {
  if (value === undefined) return null;
  const coerced = coerceValue(type, value, defaultCountry);
  if ("problem" in coerced) throw ValidationError.field(field, coerced.problem);
  return coerced.value;
}

export interface MergeOptions {
  defaultCountry: string;
  /** The field a problem with property `key` is reported on (default `properties.<key>`). */
  fieldOf?: (key: string) => string;
}

/**
 * A record's properties after a write: `patch` merged into `current` (null clears a value),
 * a required property left without a value takes its default, and then every value is checked
 * against its property's type. Keys the object does not define are refused.
 */
export function mergeProperties(
  definitions: readonly CustomPropertyRow[],
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
  options: MergeOptions,
): Record<string, unknown> {
  const fieldOf = options.fieldOf ?? ((key: string) => `properties.${key}`);
  const known = new Set(definitions.map((d) => d.key));
  for (const key of Object.keys(patch))
    if (!known.has(key)) throw ValidationError.field(fieldOf(key), "is not a property of this custom object");
  const merged: Record<string, unknown> = { ...current, ...patch };
  const result: Record<string, unknown> = {};
  for (const definition of definitions) {
    const coerced = coerceValue(
      definition.type as CustomPropertyType,
      merged[definition.key] ?? null,
      options.defaultCountry,
    );
    if ("problem" in coerced) throw ValidationError.field(fieldOf(definition.key), coerced.problem);
    const value = coerced.value ?? (definition.required ? (definition.default_value ?? null) : null);
    if (value === null && definition.required)
      throw ValidationError.field(fieldOf(definition.key), "is required");
    if (value !== null) result[definition.key] = value;
  }
  return result;
}
