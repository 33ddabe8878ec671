/** What `POST /v1/contacts/search` can match on. */
export type SearchField = "name" | "phone" | "email" | "external_id";

export const SEARCH_FIELDS: Array<{ id: SearchField; label: string }> = [
  { id: "name", label: "Name" },
  { id: "phone", label: "Phone" },
  { id: "email", label: "Email" },
  { id: "external_id", label: "External id" },
];

/** The field a typed text most likely means: an address has an `@`, a number is digits and punctuation. */
export function guessSearchField(text: string): SearchField {
  const value = text.trim();
  if (value.includes("@")) return "email";
  if (/^[\d\s()+.-]+$/.test(value) && value.replace(/\D/g, "").length >= 3) return "phone";
  return "name";
}

/** The search route's body for the list's URL state (`q`, `by`, paging). */
export function searchBody(text: string, by: SearchField | undefined, limit: number, offset: number) {
  return { [by ?? guessSearchField(text)]: text.trim(), limit, offset };
}

export function isSearchField(value: string | null): value is SearchField {
  return SEARCH_FIELDS.some((field) => field.id === value);
}
