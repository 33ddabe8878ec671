import type { Contact } from "../types.js";

/** Phone numbers pasted one a line (or separated by commas, semicolons or tabs), each once. */
export function parsePhones(text: string): string[] {
  const phones = text
    .split(/[\n\r,;\t]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return [...new Set(phones)];
}

/** A contact picked from a search, as an enrollment row keys it (core upserts rows as `PUT /contacts/upsert`). */
export function contactRow(contact: Contact): Record<string, string> | undefined {
  if (contact.phone) return { phone: contact.phone };
  if (contact.email) return { email: contact.email };
  if (contact.external_id) return { external_id: contact.external_id };
  return undefined;
}

export interface EnrollRows {
  to: Array<Record<string, string>>;
  /** What row `i` came from, to put a 422's `to.<i>.phone` in words. */
  sources: string[];
}

/** The `to` of `POST /v1/sequences/{id}/contacts`: the picked contacts, then the pasted numbers. */
export function enrollRows(picked: readonly Contact[], pasted: readonly string[]): EnrollRows {
  const to: EnrollRows["to"] = [];
  const sources: string[] = [];
  for (const contact of picked) {
    const row = contactRow(contact);
    if (!row) continue;
    to.push(row);
    sources.push(contact.name ?? Object.values(row)[0] ?? "");
  }
  for (const phone of pasted) {
    to.push({ phone });
    sources.push(phone);
  }
  return { to, sources };
}

/** A 422 on the rows in words: "+1555…: must be a possible phone number". */
export function rowProblems(
  details: ReadonlyArray<{ field: string; message: string }> | undefined,
  sources: readonly string[],
): string[] {
  return (details ?? []).map((detail) => {
    const match = /^to\.(\d+)(?:\.|$)/.exec(detail.field);
    const source = match ? sources[Number(match[1])] : undefined;
    return source === undefined ? `${detail.field}: ${detail.message}` : `${source}: ${detail.message}`;
  });
}
