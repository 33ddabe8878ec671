/**
 * Checks on parsed JSON that must hold before anything stringifies, stores or publishes it:
 * text PostgreSQL can store, finite numbers, bounded nesting and key counts. The walk is
 * iterative, so a value nested 100,000 levels deep cannot overflow the stack.
 */

export const NUL_MESSAGE = "must not contain NUL characters";
export const SURROGATE_MESSAGE = "must not contain unpaired UTF-16 surrogates";

// With the `u` flag a well-formed pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why PostgreSQL could not store this text (a NUL, or a surrogate without its pair), if it could not. */
export function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return undefined;
}

export interface JsonLimits {
  /** Most levels of nested objects and arrays; the value itself is level 1. */
  maxDepth: number;
  /** Most object keys, counted over every level. */
  maxKeys?: number;
}

export interface JsonProblem {
  /** Where, as object keys and array indexes from the value's root. */
  path: Array<string | number>;
  message: string;
}

interface Pending {
  value: unknown;
  path: Array<string | number>;
  depth: number;
}

/** The first problem found in `value`, or undefined when it holds none. */
export function findJsonProblem(value: unknown, limits: JsonLimits): JsonProblem | undefined {
  const pending: Pending[] = [{ value, path: [], depth: 1 }];
  let keys = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: v, path, depth } = next;
    if (typeof v === "string") {
      const message = textProblem(v);
      if (message) return { path, message };
      continue;
    }
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return { path, message: "must be a finite number" };
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth > limits.maxDepth) {
      return { path, message: `must not nest objects or arrays more than ${limits.maxDepth} levels deep` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        pending.push({ value: v[i], path: [...path, i], depth: depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      keys++;
      if (limits.maxKeys !== undefined && keys > limits.maxKeys) {
        return { path: [], message: `must not hold more than ${limits.maxKeys} keys in all` };
      }
      const message = textProblem(key);
      if (message) return { path, message: `keys ${message}` };
      pending.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return undefined;
}

/** Bytes of `value` as UTF-8 JSON; only call it on a value whose depth is known to be small. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}
