/** A fragment of JSON text sent as is: numbers JSON.stringify cannot write (`1e400`), deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** What the generators build: plain JSON values with raw fragments anywhere. */
export type JsonLike = null | boolean | number | string | RawJson | JsonLike[] | { [key: string]: JsonLike };

/**
 * Writes a generated value as JSON text. Generated trees are shallow (deep nesting travels as
 * RawJson), so recursion is safe here. JSON.stringify escapes NULs and lone surrogates.
 */
export function toJsonText(value: JsonLike): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}:${toJsonText(v)}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `depth` nested arrays or objects, as text: thousands of levels without building them. */
export function deepArray(depth: number): RawJson {
  return new RawJson(`${"[".repeat(depth)}${"]".repeat(depth)}`);
}

export function deepObject(depth: number): RawJson {
  return new RawJson(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
}

/** Shortens long strings for a failure report. */
export function excerpt(text: string, max = 200): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max)}… (${text.length} chars)`;
}
