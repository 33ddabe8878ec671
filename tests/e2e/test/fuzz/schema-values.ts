import fc from "fast-check";
import { type JsonLike, RawJson, toJsonText } from "./json-text.js";
import { HUGE_NUMBERS, junkValue, withNul } from "./junk.js";
import type { Schema } from "./openapi.js";

/**
 * How values are drawn for a schema. `hints` give realistic values by property name (a
 * channel's own number for `from`, real ids for `channel_id`, `user_ids[]` for array items),
 * so that mutated fields ride on otherwise valid requests that reach the database.
 */
export interface ValueContext {
  resolve(schema: Schema): Schema;
  hints: Record<string, fc.Arbitrary<JsonLike>>;
  /** Whether fields may be mutated; without, the value is valid as far as the schema says. */
  mutate: boolean;
}

const MAX_DEPTH = 6;

/** Mostly a valid value, sometimes a mutation of it (junk, NUL inside, huge, too long, too many). */
export function arbitraryFor(
  schema: Schema,
  ctx: ValueContext,
  name?: string,
  depth = 0,
): fc.Arbitrary<JsonLike> {
  const s = ctx.resolve(schema);
  const good = validOf(s, ctx, name, depth);
  if (!ctx.mutate) return good;
  return fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: mutationOf(s, good) });
}

function mutationOf(s: Schema, good: fc.Arbitrary<JsonLike>): fc.Arbitrary<JsonLike> {
  const options: fc.Arbitrary<JsonLike>[] = [junkValue];
  if (s.type === "string") {
    const goodString = good.filter((v): v is string => typeof v === "string");
    options.push(withNul(goodString), fc.constant("x".repeat((s.maxLength ?? 10_000) + 1)));
  }
  if (s.type === "integer" || s.type === "number") {
    options.push(fc.constantFrom(...HUGE_NUMBERS).map((text) => new RawJson(text)));
    if (s.minimum !== undefined) options.push(fc.constant(s.minimum - 1));
    if (s.maximum !== undefined) options.push(fc.constant(s.maximum + 1));
  }
  if (s.type === "array") {
    // Thousands of a small item: copies of a big one would make bodies of hundreds of MiB.
    const small = (item: JsonLike | undefined) =>
      item !== undefined && toJsonText(item).length <= 200 ? item : 1;
    // The item is measured once: it may itself hold thousands (3,000 measures of it took seconds).
    const many = (items: JsonLike) => {
      const item = small(Array.isArray(items) ? items[0] : items);
      return Array.from({ length: 3_000 }, () => item);
    };
    options.push(good.map(many));
  }
  return fc.oneof(...options);
}

function validOf(
  s: Schema,
  ctx: ValueContext,
  name: string | undefined,
  depth: number,
): fc.Arbitrary<JsonLike> {
  let arb: fc.Arbitrary<JsonLike>;
  const hint = name === undefined ? undefined : ctx.hints[name];
  if (hint && s.type !== "object" && s.type !== "array") arb = hint;
  else if (s.enum) arb = fc.constantFrom(...(s.enum as JsonLike[]));
  else if (depth > MAX_DEPTH) arb = fc.constant(null);
  else if (s.type === "string") arb = stringOf(s);
  else if (s.type === "integer")
    arb = fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
  else if (s.type === "number") arb = numberOf(s);
  else if (s.type === "boolean") arb = fc.boolean();
  else if (s.type === "array") arb = arrayOf(s, ctx, name, depth);
  else if (s.type === "object" || s.properties) arb = objectOf(s, ctx, depth);
  else arb = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonLike>;
  return s.nullable ? fc.oneof({ weight: 5, arbitrary: arb }, fc.constant(null)) : arb;
}

function numberOf(s: Schema): fc.Arbitrary<JsonLike> {
  const min = s.minimum ?? -1_000_000;
  const max = s.maximum ?? 1_000_000;
  const arb = fc.oneof(
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(min, max, Number.MIN_VALUE),
  );
  return s.exclusiveMinimum ? arb.filter((n) => n > min) : arb;
}

const DATES = [
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "2024-02-30T00:00:00Z",
  "2030-01-01T00:00:00+14:00",
];
const URLS = ["https://example.com/photo.jpg", "https://example.com/doc.pdf", "http://127.0.0.1:9/a.png"];

function stringOf(s: Schema): fc.Arbitrary<JsonLike> {
  if (s.format === "uuid") return fc.uuid();
  if (s.format === "email") return fc.oneof(fc.emailAddress(), fc.constant("jane@example.com"));
  if (s.format === "uri") return fc.constantFrom(...URLS);
  if (s.format === "date-time") {
    const date = fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true });
    return fc.oneof(
      date.map((d) => d.toISOString()),
      fc.constantFrom(...DATES),
    );
  }
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
  return fc.string({
    unit: "grapheme",
    minLength: s.minLength ?? 0,
    maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 40, 40)),
  });
}

function arrayOf(s: Schema, ctx: ValueContext, name: string | undefined, depth: number) {
  const items = s.items ?? {};
  return fc.array(arbitraryFor(items, ctx, name === undefined ? undefined : `${name}[]`, depth + 1), {
    minLength: s.minItems ?? 0,
    maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)),
  });
}

function objectOf(s: Schema, ctx: ValueContext, depth: number): fc.Arbitrary<JsonLike> {
  const entries = Object.entries(s.properties ?? {});
  const model = Object.fromEntries(entries.map(([key, p]) => [key, arbitraryFor(p, ctx, key, depth + 1)]));
  const required = (s.required ?? []).filter((key) => key in model);
  const withRequired = fc.record(model, { requiredKeys: required });
  const known = ctx.mutate
    ? fc.oneof({ weight: 9, arbitrary: withRequired }, fc.record(model, { requiredKeys: [] }))
    : withRequired;
  const free =
    typeof s.additionalProperties === "object"
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), {
          maxKeys: 8,
        })
      : fc.constant({});
  // Now and then a key the schema does not know.
  const extra = ctx.mutate
    ? fc.option(fc.tuple(fc.string({ maxLength: 30 }), junkValue), { freq: 12 })
    : fc.constant(null);
  return fc.tuple(known, free, extra).map(([k, f, e]) => {
    const value: Record<string, JsonLike> = {
      ...(f as Record<string, JsonLike>),
      ...(k as Record<string, JsonLike>),
    };
    if (e) value[e[0]] = e[1];
    return value;
  });
}
