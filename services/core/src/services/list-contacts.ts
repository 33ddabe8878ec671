import type { Contact, Pagination } from "@relay/domain";
import { listContacts as listContactRows } from "../db/contacts-search.js";
import type { CoreDeps } from "../deps.js";
import { toContact } from "./contact-view.js";

/** The organization's contacts, oldest first (created_at, then id: a stable order for paging). */
export async function listContacts(
  deps: CoreDeps,
  organizationId: string,
  page: Pagination,
): Promise<{ data: Contact[]; total: number }> {
  const { rows, total } = await listContactRows(deps.db, organizationId, {}, page);
  return { data: rows.map(toContact), total };
}
