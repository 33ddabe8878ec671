import { createHash } from "node:crypto";
import { BulkKey, BulkMessage, ValidationError, validationErrorFrom } from "@relay/domain";
import { MAX_BODY_DEPTH, refuseUnstorable } from "@relay/service-kit";
import { type BulkOutcomes, refuse } from "./bulk-outcome.js";

/** A row that parsed: its place in the batch, the caller's key and what it asks to send. */
export interface BulkRow {
  index: number;
  key: string;
  /** SHA-256 of the parsed row: the same key with another row is refused. */
  hash: string;
  message: BulkMessage;
}

/** How a row's key is stored among `Idempotency-Key`s, so the two never collide. */
export const storedKey = (row: { key: string }) => `bulk:${row.key}`;

/** JSON with sorted keys: the same row, however its fields were ordered, hashes the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The row's key when it has a valid one, for its outcome even when the rest is refused. */
const keyOf = (raw: unknown) => {
  const key = BulkKey.safeParse(raw && typeof raw === "object" && "key" in raw ? raw.key : undefined);
  return key.success ? key.data : undefined;
};

function parseRow(raw: unknown, index: number): BulkRow | ValidationError {
  const prefix = `messages.${index}`;
  try {
    // The same edge as every body (NULs, surrogates, 1e400, depth), row by row: rows sit 2 levels down.
    refuseUnstorable(raw, prefix, MAX_BODY_DEPTH - 2);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  const parsed = BulkMessage.safeParse(raw);
  if (!parsed.success) return validationErrorFrom(parsed.error, prefix);
  const hash = createHash("sha256").update(canonical(parsed.data)).digest("hex");
  return { index, key: parsed.data.key, hash, message: parsed.data };
}

/**
 * Parses every row on its own: an invalid row is refused (fields named `messages.<i>.…`) and
 * stops no other. A key used by an earlier row of the batch answers that row's outcome when the
 * rows are the same, and is refused otherwise. Returns the rows to send and, for the repeats,
 * the index of the row whose outcome they share.
 */
export function readRows(
  raws: unknown[],
  outcomes: BulkOutcomes,
): { rows: BulkRow[]; repeats: Map<number, number> } {
  const rows: BulkRow[] = [];
  const repeats = new Map<number, number>();
  const first = new Map<string, BulkRow>();
  raws.forEach((raw, index) => {
    const row = parseRow(raw, index);
    const earlier = row instanceof ValidationError ? undefined : first.get(row.key);
    if (row instanceof ValidationError) outcomes.set(refuse(index, keyOf(raw), row));
    else if (!earlier) {
      first.set(row.key, row);
      rows.push(row);
    } else if (earlier.hash === row.hash) repeats.set(index, earlier.index);
    else outcomes.set(refuse(index, row.key, keyReused(index)));
  });
  return { rows, repeats };
}

/** The same key with a different row, in this batch or stored from an earlier one. */
export function keyReused(index: number): ValidationError {
  return ValidationError.field(`messages.${index}.key`, "was already used for a different message");
}
