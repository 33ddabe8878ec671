import { type Contact, type SearchContacts, toE164, ValidationError } from "@relay/domain";
import type { ContactFilter } from "../db/contacts-search.js";
import { listContacts } from "../db/contacts-search.js";
import type { CoreDeps } from "../deps.js";
import { invalidPhone, organizationCountry } from "./contact-input.js";
import { toContact } from "./contact-view.js";
import { catalogFor } from "./tag-view.js";

/**
 * Every given filter must match: phone (normalized like stored phones, so national formats
 * work), email (case-insensitive), external_id (exact), name (case-insensitive substring).
 */
export async function searchContacts(
  deps: CoreDeps,
  organizationId: string,
  search: SearchContacts,
): Promise<{ data: Contact[]; total: number }> {
  const filter: ContactFilter = {};
  if (search.phone !== undefined) {
    const country = await organizationCountry(deps, organizationId);
    const phone = toE164(search.phone, country);
    if (!phone) {
      const detail = invalidPhone("phone", country);
      throw new ValidationError(`phone: ${detail.message}`, [detail]);
    }
    filter.phone = phone;
  }
  if (search.email !== undefined) filter.email = search.email;
  if (search.external_id !== undefined) filter.external_id = search.external_id;
  if (search.name !== undefined) filter.nameContains = search.name;
  const { rows, total } = await listContacts(deps.db, organizationId, filter, search);
  const catalog = await catalogFor(deps.db, organizationId, rows);
  return { data: rows.map((row) => toContact(row, catalog)), total };
}
