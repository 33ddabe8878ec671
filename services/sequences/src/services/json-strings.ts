/** The strings inside a JSON value (a webhook step's payload): read, checked and replaced. */
type Json = unknown;

/** Every string of a JSON value (not its keys), in the order `rebuild` reads them back. */
export function stringsOf(value: Json, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value !== null && typeof value === "object")
    for (const item of Object.values(value)) stringsOf(item, into);
  return into;
}

/** The strings of a JSON value with their paths (`data.items.0.name`), for the save's checks. */
export function stringPaths(value: Json, path = ""): { path: string; text: string }[] {
  if (typeof value === "string") return [{ path, text: value }];
  const entries: [string, Json][] = Array.isArray(value)
    ? value.map((item, i) => [String(i), item])
    : value !== null && typeof value === "object"
      ? Object.entries(value)
      : [];
  return entries.flatMap(([key, item]) => stringPaths(item, path ? `${path}.${key}` : key));
}

/** The value with its strings replaced, in `stringsOf`'s order. */
export function rebuild(value: Json, texts: string[], at = { i: 0 }): Json {
  if (typeof value === "string") return texts[at.i++] ?? value;
  if (Array.isArray(value)) return value.map((item) => rebuild(item, texts, at));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rebuild(item, texts, at)]));
  return value;
}
