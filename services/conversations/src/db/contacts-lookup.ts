import type { Kysely } from "kysely";
import type { ContactRow, ConversationsDB } from "./schema.js";

/**
 * The organization's live contacts in the projection with any of these ids, phones (E.164) or
 * emails (lower-cased), in one query: the bulk path asks core only for the others.
 */
export function findLiveContacts(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  by: { ids: string[]; phones: string[]; emails: string[] },
): Promise<ContactRow[]> {
  const { ids, phones, emails } = by;
  if (ids.length + phones.length + emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("contacts")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("deleted", "=", false)
    .where((eb) =>
      eb.or([
        ...(ids.length > 0 ? [eb("id", "=", eb.fn.any(eb.val(ids)))] : []),
        ...(phones.length > 0 ? [eb("phone", "=", eb.fn.any(eb.val(phones)))] : []),
        ...(emails.length > 0 ? [eb(eb.fn("lower", ["email"]), "=", eb.fn.any(eb.val(emails)))] : []),
      ]),
    )
    .execute();
}
