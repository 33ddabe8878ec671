import type { z } from "zod";
import { type ErrorDetail, ValidationError } from "./errors.js";

/** Turns zod issues into field-named details; `prefix` locates the input (e.g. `query`). */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  const detail = (path: string[], message: string): ErrorDetail => {
    const field = [prefix, ...path].filter((part) => part !== undefined && part !== "").join(".");
    return { field: field || (prefix ?? "body"), message };
  };
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // One detail per unknown key: several keys are several fields, not one dotted path.
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => detail([...path, key], issue.message));
    return [detail(path, issue.message)];
  });
}

export function validationErrorFrom(error: z.ZodError, prefix?: string): ValidationError {
  const details = issuesToDetails(error.issues, prefix);
  const summary = details.map((d) => `${d.field}: ${d.message}`).join("; ");
  return new ValidationError(summary || "invalid input", details, error);
}

/** Parses or throws a ValidationError naming the fields. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix?: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorFrom(result.error, prefix);
  return result.data;
}
