import { UpsertContactRow, ValidationError, validationErrorFrom } from "@relay/domain";
import type { CoreContacts } from "./core-contacts-client.js";

/**
 * Contacts given inline (a campaign's audience, a sequence's enrollment), created or updated in
 * core as `PUT /v1/contacts/upsert` does; returns their ids, each once. Every row is checked
 * here first, so a bad row refuses the whole request (naming `<field>.<i>.<name>`) before
 * anything is written.
 */
export async function upsertContactRows(
  core: Pick<CoreContacts, "upsert">,
  organizationId: string,
  contacts: unknown[],
  field: string,
): Promise<string[]> {
  contacts.forEach((row, index) => {
    const parsed = UpsertContactRow.safeParse(row);
    if (!parsed.success) throw validationErrorFrom(parsed.error, `${field}.${index}`);
  });
  const answer = await core.upsert(organizationId, contacts);
  const refused = answer.results.find((r) => r.status === "invalid" || r.status === "conflict");
  if (refused) {
    const details = refused.details?.length
      ? refused.details.map((d) => ({
          field: d.field.replace(/^contacts\./, `${field}.`),
          message: d.message,
        }))
      : [{ field: `${field}.${refused.index}`, message: refused.error ?? "could not be stored" }];
    throw ValidationError.fields(details);
  }
  return [...new Set(answer.results.flatMap((r) => (r.id ? [r.id] : [])))];
}
