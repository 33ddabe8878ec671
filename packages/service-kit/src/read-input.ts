import { findJsonProblem, type JsonProblem, parseOrThrow, textProblem, ValidationError } from "@relay/domain";
import type { Context } from "hono";
import type { z } from "zod";

/**
 * The one edge every request's input passes: bodies, query strings and path params. Text that
 * PostgreSQL cannot store (NUL, unpaired surrogates), non-finite numbers (`1e400`) and deep
 * nesting are refused here with a 422 naming the field, before any schema, query or
 * JSON.stringify sees them. See docs/architecture.md, decision 26.
 */

/** Most levels of nested objects and arrays in a JSON body; the body itself is level 1. */
export const MAX_BODY_DEPTH = 32;

const fieldOf = (prefix: string | undefined, path: JsonProblem["path"]) =>
  [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== "").join(".") || "body";

/**
 * Throws a 422 naming the field when `value` holds text PostgreSQL cannot store, a non-finite
 * number or more than `maxDepth` levels of nesting. For inputs read other than by `readJson`:
 * provider webhooks' form parameters, request-reply payloads.
 */
export function refuseUnstorable(value: unknown, prefix?: string, maxDepth = MAX_BODY_DEPTH): void {
  const problem = findJsonProblem(value, { maxDepth });
  if (problem) throw ValidationError.field(fieldOf(prefix, problem.path), problem.message);
}

export interface ReadJsonOptions {
  /** What an empty body stands for; without it, an empty body is not a JSON document. */
  empty?: unknown;
}

/** Parses the JSON body with `schema`; malformed JSON and invalid fields are 422s naming the field. */
export async function readJson<T extends z.ZodType>(
  c: Context,
  schema: T,
  options: ReadJsonOptions = {},
): Promise<z.output<T>> {
  const text = await c.req.text();
  let body: unknown = options.empty;
  if (options.empty === undefined || text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      throw ValidationError.field("body", "must be a valid JSON document");
    }
  }
  refuseUnstorable(body);
  return parseOrThrow(schema, body);
}

/**
 * Parses the query string with `schema`. Repeated keys and `key[]` become arrays
 * (the contract's `status[]=open&status[]=closed`). A key's leading `?` is dropped: Whippy's
 * Activepieces piece writes `contacts??limit=50` (a path ending in `?`, then its query).
 */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const query: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    const keyProblem = textProblem(key);
    if (keyProblem) throw ValidationError.field("query", `keys ${keyProblem}`);
    const bare = key.replace(/^\?+/, "");
    const name = bare.endsWith("[]") ? bare.slice(0, -2) : bare;
    // Whippy's Activepieces piece appends every unset parameter as the text "undefined".
    if (values.every((value) => value === "undefined")) continue;
    for (const value of values) {
      const problem = textProblem(value);
      if (problem) throw ValidationError.field(`query.${name}`, problem);
    }
    query[name] = key.endsWith("[]") || values.length !== 1 ? values : (values[0] ?? "");
  }
  return parseOrThrow(schema, query, "query");
}

/**
 * Parses a path parameter (e.g. a UUID); a malformed id is simply not found, but one holding
 * text no id can hold (a NUL) is a 422 like any other field.
 */
export function readId<T extends z.ZodType>(c: Context, name: string, schema: T, notFound: () => Error) {
  const raw = c.req.param(name);
  const problem = raw === undefined ? undefined : textProblem(raw);
  if (problem) throw ValidationError.field(`path.${name}`, problem);
  const result = schema.safeParse(raw);
  if (!result.success) throw notFound();
  return result.data as z.output<T>;
}
