/** Where one CSV column goes in an upsert row: a contact field, the tags, a property, or nowhere. */
export type ColumnTarget =
  | "ignore"
  | "name"
  | "phone"
  | "email"
  | "external_id"
  | "language"
  | "tags"
  | `properties.${string}`;

/** The fields a column may fill; each may be chosen for one column only (properties excepted). */
export const FIELD_TARGETS: Array<{ id: Exclude<ColumnTarget, `properties.${string}`>; label: string }> = [
  { id: "ignore", label: "Ignore" },
  { id: "name", label: "Name" },
  { id: "phone", label: "Phone" },
  { id: "email", label: "Email" },
  { id: "external_id", label: "External id" },
  { id: "language", label: "Language" },
  { id: "tags", label: "Tags" },
];

/** How headers are commonly written for each field (compared lower-case, without spaces or punctuation). */
const HEADER_SYNONYMS: Array<[ColumnTarget, string[]]> = [
  ["name", ["name", "fullname", "contactname", "contact", "firstlast"]],
  [
    "phone",
    ["phone", "phonenumber", "mobile", "mobilephone", "cell", "cellphone", "tel", "telephone", "msisdn"],
  ],
  ["email", ["email", "emailaddress", "mail", "e-mail"]],
  ["external_id", ["externalid", "extid", "id", "crmid", "customerid", "recordid"]],
  ["language", ["language", "lang", "locale", "preferredlanguage"]],
  ["tags", ["tags", "tag", "labels", "label", "groups", "segments"]],
];

const compact = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A header as a property key: lower-case words joined by `_` ("Shift Preference" → `shift_preference`). */
export function propertyKey(header: string): string {
  const key = header
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  return key.slice(0, 100) || "column";
}

/** The likely target of one header: a known field, else a property named after it; a blank header is ignored. */
export function guessColumn(header: string): ColumnTarget {
  const name = compact(header);
  if (!header.trim()) return "ignore";
  const known = HEADER_SYNONYMS.find(([, synonyms]) => synonyms.includes(name));
  return known ? known[0] : `properties.${propertyKey(header)}`;
}

/** A guess for every column; a field claimed by an earlier column leaves later ones ignored. */
export function guessMapping(headers: string[]): ColumnTarget[] {
  const taken = new Set<ColumnTarget>();
  return headers.map((header) => {
    const target = guessColumn(header);
    if (target === "ignore") return target;
    if (taken.has(target)) return "ignore";
    taken.add(target);
    return target;
  });
}

/** Tags in one cell, separated by commas, semicolons or bars; blanks and repeats dropped. */
export function splitTags(cell: string): string[] {
  return [
    ...new Set(
      cell
        .split(/[,;|]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

export type UpsertRow = Record<string, unknown> & { properties?: Record<string, string>; tags?: string[] };

/** One CSV row as an upsert row: mapped, non-empty cells only (an empty cell changes nothing). */
export function rowToContact(cells: string[], mapping: ColumnTarget[]): UpsertRow {
  const row: UpsertRow = {};
  mapping.forEach((target, column) => {
    const value = (cells[column] ?? "").trim();
    if (target === "ignore" || value === "") return;
    if (target === "tags") {
      const tags = splitTags(value);
      if (tags.length > 0) row.tags = [...(row.tags ?? []), ...tags];
    } else if (target.startsWith("properties.")) {
      row.properties = { ...row.properties, [target.slice("properties.".length)]: value };
    } else {
      row[target] = value;
    }
  });
  return row;
}

/** The mapping with `column` sent to `target`; a field another column had goes over to this one. */
export function chooseTarget(mapping: ColumnTarget[], column: number, target: ColumnTarget): ColumnTarget[] {
  return mapping.map((current, i) => {
    if (i === column) return target;
    return current === target && !target.startsWith("properties.") && target !== "ignore"
      ? "ignore"
      : current;
  });
}

/** A mapping the API can key rows on: a phone, email or external id column. */
export function hasKeyColumn(mapping: ColumnTarget[]): boolean {
  return mapping.some((target) => target === "phone" || target === "email" || target === "external_id");
}
