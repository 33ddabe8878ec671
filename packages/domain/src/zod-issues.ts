import type { z } from "zod";
import { type ErrorDetail, ValidationError } from "./errors.js";

/** Most details one error names: a body with thousands of bad fields gets a bounded answer. */
export const MAX_ERROR_DETAILS = 50;

/** Turns zod issues into field-named details; `prefix` locates the input (e.g. `query`). */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  const detail = (path: string[], message: string): ErrorDetail => {
    const field = [prefix, ...path].filter((part) => part !== undefined && part !== "").join(".");
    return { field: field || (prefix ?? "body"), message };
  };
  return issues
    .flatMap((issue) => {
      const path = issue.path.map(String);
      // One detail per unknown key: several keys are several fields, not one dotted path. zod's
      // own message lists every key, so each detail says only its own.
      if (issue.code === "unrecognized_keys")
        return issue.keys
          .slice(0, MAX_ERROR_DETAILS)
          .map((key) => detail([...path, key], "is not a known field"));
      // A record's key that fails its schema: what is wrong with it, not zod's "Invalid key in record".
      if (issue.code === "invalid_key") return [detail(path, issue.issues[0]?.message ?? issue.message)];
      return [detail(path, issue.message)];
    })
    .slice(0, MAX_ERROR_DETAILS);
}

export function validationErrorFrom(error: z.ZodError, prefix?: string): ValidationError {
  return ValidationError.fields(issuesToDetails(error.issues, prefix), error);
}

/** Parses or throws a ValidationError naming the fields. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, prefix?: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationErrorFrom(result.error, prefix);
  return result.data;
}
