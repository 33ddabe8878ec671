import type { Contact, ContactListQuery } from "@relay/domain";
import { listContacts as listContactRows } from "../db/contacts-search.js";
import { findTagsByIds } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { toContact } from "./contact-view.js";
import { catalogFor } from "./tag-view.js";

/**
 * The organization's contacts, oldest first (created_at, then id: a stable order for paging);
 * with tags given (by name or id), those carrying any of them.
 */
export async function listContacts(
  deps: CoreDeps,
  organizationId: string,
  query: ContactListQuery,
): Promise<{ data: Contact[]; total: number }> {
  const names = [...(query.tags ?? []), ...(query.tag ?? [])];
  const byId = await findTagsByIds(deps.db, organizationId, query.tag_ids ?? []);
  const filtered = names.length > 0 || query.tag_ids !== undefined;
  const tagsAny = [...names, ...byId.map((tag) => tag.name)];
  const { rows, total } = await listContactRows(deps.db, organizationId, filtered ? { tagsAny } : {}, query);
  const catalog = await catalogFor(deps.db, organizationId, rows);
  return { data: rows.map((row) => toContact(row, catalog)), total };
}
