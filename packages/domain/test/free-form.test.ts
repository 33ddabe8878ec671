import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CreateContact,
  findJsonProblem,
  freeFormObject,
  issuesToDetails,
  MAX_ERROR_DETAILS,
  PROPERTIES_LIMITS,
} from "../src/index.js";

const nestedObject = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe("findJsonProblem", () => {
  it("walks 100,000 levels without overflowing the stack", () => {
    let value: unknown = [];
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(findJsonProblem(value, { maxDepth: 32 })?.message).toMatch(/more than 32 levels/);
  });

  it("names where a NUL, a lone surrogate or a non-finite number is", () => {
    expect(findJsonProblem({ a: [1, "x\u0000"] }, { maxDepth: 5 })).toEqual({
      path: ["a", 1],
      message: "must not contain NUL characters",
    });
    expect(findJsonProblem({ a: "\udc00" }, { maxDepth: 5 })?.path).toEqual(["a"]);
    expect(findJsonProblem({ n: Number.POSITIVE_INFINITY }, { maxDepth: 5 })?.message).toBe(
      "must be a finite number",
    );
    expect(findJsonProblem({ ok: "😀", n: 1.5 }, { maxDepth: 5 })).toBeUndefined();
  });
});

describe("free-form objects (contact properties)", () => {
  const properties = (value: unknown) =>
    CreateContact.safeParse({ phone: "+14155550100", properties: value });
  const fieldsOf = (result: ReturnType<typeof properties>) =>
    result.success ? [] : issuesToDetails(result.error.issues).map((d) => d.field);

  it(`accept ${PROPERTIES_LIMITS.maxDepth} levels and refuse ${PROPERTIES_LIMITS.maxDepth + 1}, naming properties`, () => {
    expect(properties(nestedObject(5)).success).toBe(true);
    const tooDeep = properties(nestedObject(6));
    expect(fieldsOf(tooDeep)).toEqual(["properties"]);
  });

  it("refuse more than 64 KiB as JSON and more than 1,000 keys", () => {
    expect(properties({ big: "x".repeat(64 * 1024 - 20) }).success).toBe(true);
    expect(fieldsOf(properties({ big: "x".repeat(64 * 1024) }))).toEqual(["properties"]);
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(properties(keys(1_000)).success).toBe(true);
    expect(fieldsOf(properties(keys(1_001)))).toEqual(["properties"]);
  });

  it("count bytes, not characters", () => {
    const schema = freeFormObject({ maxBytes: 20, maxDepth: 2, maxKeys: 5 });
    expect(schema.safeParse({ a: "é".repeat(5) }).success).toBe(true);
    expect(schema.safeParse({ a: "é".repeat(7) }).success).toBe(false);
  });
});

describe("issuesToDetails", () => {
  it("names each unknown key once, with a short message, and at most 50 of them", () => {
    const body = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
    const result = z.strictObject({}).safeParse(body);
    if (result.success) throw new Error("expected a failure");
    const details = issuesToDetails(result.error.issues);
    expect(details).toHaveLength(MAX_ERROR_DETAILS);
    expect(details[0]).toEqual({ field: "k0", message: "is not a known field" });
  });

  it("a record's key that fails says why at the key, not zod's generic message", () => {
    const schema = z.record(
      z.string().refine((key) => key !== "Host", "is set by the call itself"),
      z.string(),
    );
    const result = z.object({ headers: schema }).safeParse({ headers: { Host: "x", Ok: "y" } });
    if (result.success) throw new Error("expected a failure");
    expect(issuesToDetails(result.error.issues)).toEqual([
      { field: "headers.Host", message: "is set by the call itself" },
    ]);
  });
});
