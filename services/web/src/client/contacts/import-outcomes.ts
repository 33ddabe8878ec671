import type { ApiError } from "../api.js";
import type { ColumnTarget } from "./import-mapping.js";
import type { UpsertOutcome } from "./types.js";

/** The header is the file's row 1, so data row `i` (0-based) is the file's row `i + 2`. */
export const csvRowNumber = (dataIndex: number) => dataIndex + 2;

/** One row the API did not take, as the person importing reads it. */
export interface RowProblem {
  /** The CSV file's row number (header = 1). */
  row: number;
  status: "invalid" | "conflict" | "failed";
  /** The API's field (`phone`, `properties.shift`) and the CSV column it came from, when named. */
  field?: string;
  column?: string;
  message: string;
}

/** `contacts.3.phone` → row 3 of the request, field `phone`. */
function parseField(path: string): { index: number; field?: string } | undefined {
  const match = path.match(/^contacts\.(\d+)(?:\.(.+))?$/);
  if (!match) return undefined;
  return { index: Number(match[1]), ...(match[2] && { field: match[2] }) };
}

/** The CSV column whose mapping wrote this field (`properties.shift.x` → the `properties.shift` column). */
function columnOf(field: string | undefined, mapping: ColumnTarget[], headers: string[]): string | undefined {
  if (!field) return undefined;
  const column = mapping.findIndex((target) => field === target || field.startsWith(`${target}.`));
  return column >= 0 ? headers[column] : undefined;
}

export interface ChunkContext {
  /** The data index of the chunk's first row. */
  start: number;
  mapping: ColumnTarget[];
  headers: string[];
}

function problem(
  ctx: ChunkContext,
  index: number,
  status: RowProblem["status"],
  message: string,
  field?: string,
): RowProblem {
  const column = columnOf(field, ctx.mapping, ctx.headers);
  return {
    row: csvRowNumber(ctx.start + index),
    status,
    message,
    ...(field && { field }),
    ...(column && { column }),
  };
}

/** The rows of one upsert answer that were not written, one problem per named field. */
export function problemsFromOutcomes(outcomes: UpsertOutcome[], ctx: ChunkContext): RowProblem[] {
  return outcomes.flatMap((outcome) => {
    const { status } = outcome;
    if (status !== "invalid" && status !== "conflict") return [];
    const details = outcome.details ?? [];
    if (details.length === 0) return [problem(ctx, outcome.index, status, outcome.error ?? status)];
    return details.map((detail) =>
      problem(ctx, outcome.index, status, detail.message, parseField(detail.field)?.field ?? detail.field),
    );
  });
}

/**
 * A whole chunk refused: a 422 naming `contacts.<i>.<field>` points at its rows; anything
 * else (a 5xx, a lost connection) fails every row of the chunk with the request's message.
 */
export function problemsFromError(error: ApiError, size: number, ctx: ChunkContext): RowProblem[] {
  const named = (error.details ?? []).flatMap((detail) => {
    const parsed = parseField(detail.field);
    return parsed && parsed.index < size
      ? [problem(ctx, parsed.index, "invalid", detail.message, parsed.field)]
      : [];
  });
  if (named.length > 0) return named;
  return Array.from({ length: size }, (_, index) => problem(ctx, index, "failed", error.message));
}
