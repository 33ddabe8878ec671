import type { SequenceStep } from "@relay/domain";

/**
 * A webhook step's fields as typed and as the API holds them. Nothing here judges a value (the
 * API's 422 does): text that does not read as what the field takes is sent as typed, so the
 * API names the field.
 */

type Rule = NonNullable<SequenceStep["rules"]>[number];

/** A header being typed: a name may be blank or repeated until the row is finished. */
export interface HeaderRow {
  name: string;
  value: string;
}

export const headersToRows = (headers: Record<string, string> | undefined): HeaderRow[] =>
  Object.entries(headers ?? {}).map(([name, value]) => ({ name, value }));

/** The headers the rows send: rows without a name are not sent yet (the last of a repeated name wins). */
export function rowsToHeaders(rows: readonly HeaderRow[]): Record<string, string> | undefined {
  const named = rows.filter((row) => row.name.trim() !== "");
  return named.length > 0 ? Object.fromEntries(named.map((row) => [row.name.trim(), row.value])) : undefined;
}

export const payloadToText = (payload: unknown): string =>
  payload === undefined ? "" : typeof payload === "string" ? payload : JSON.stringify(payload, null, 2);

/**
 * The payload a text reads as: a JSON object, or the text itself with what is wrong with it
 * (the API then refuses `payload` on save too). Blank is no payload.
 */
export function payloadFromText(text: string): {
  payload: Record<string, unknown> | string | undefined;
  error?: string;
} {
  if (text.trim() === "") return { payload: undefined };
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      return { payload: parsed as Record<string, unknown> };
    return { payload: text, error: "The payload must be a JSON object ({ … })" };
  } catch (error) {
    return { payload: text, error: `Not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A rule's status as typed: `2xx`… or one status (`409`, a number to the API). */
export function statusFromText(text: string): Rule["status"] | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : (trimmed as Rule["status"]);
}

export const statusToText = (status: Rule["status"] | string | undefined): string =>
  status === undefined ? "" : String(status);

/**
 * What a rule compares the field with, as typed: `true`, `false`, `null` and numbers read as
 * themselves, anything else as text ("yes"); quotes keep a word that reads otherwise as text ("true").
 */
export function equalsFromText(text: string): Rule["equals"] {
  if (text === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || ["string", "number", "boolean"].includes(typeof parsed))
      return parsed as Rule["equals"];
  } catch {
    // Not JSON: the text as it is.
  }
  return text;
}

/** The text that reads back as `equals` (quoted only where the bare text would read as something else). */
export function equalsToText(equals: Rule["equals"]): string {
  if (equals === undefined) return "";
  if (typeof equals !== "string") return JSON.stringify(equals);
  return equalsFromText(equals) === equals ? equals : JSON.stringify(equals);
}
