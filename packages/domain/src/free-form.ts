import { z } from "zod";
import { findJsonProblem, jsonBytes } from "./json-limits.js";

/** Bounds on a free-form JSON object the API stores and publishes as is. */
export interface FreeFormLimits {
  /** Most bytes as UTF-8 JSON. */
  maxBytes: number;
  /** Most levels of nested objects and arrays, the object itself being level 1. */
  maxDepth: number;
  /** Most keys, counted over every level. */
  maxKeys: number;
}

/** A contact's `properties`: small enough that its events stay far below the bus's 1 MiB. */
export const PROPERTIES_LIMITS: FreeFormLimits = { maxBytes: 64 * 1024, maxDepth: 5, maxKeys: 1_000 };

const where = (path: Array<string | number>) => (path.length > 0 ? ` (at ${path.join(".")})` : "");

/** Why `value` exceeds `limits`, or undefined. Depth is checked (iteratively) before anything stringifies it. */
export function freeFormProblem(value: unknown, limits: FreeFormLimits): string | undefined {
  const problem = findJsonProblem(value, limits);
  if (problem) return `${problem.message}${where(problem.path)}`;
  if (jsonBytes(value) > limits.maxBytes) return `must be at most ${limits.maxBytes / 1024} KiB as JSON`;
  return undefined;
}

/** A free-form JSON object within `limits`; a 422 names the field itself and says where inside. */
export function freeFormObject(limits: FreeFormLimits, key: z.ZodString = z.string().max(100)) {
  return z.record(key, z.unknown()).superRefine((value, ctx) => {
    const message = freeFormProblem(value, limits);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}
