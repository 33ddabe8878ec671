import { type ContactCustomObjectRecordsQuery, type CustomObjectRecord, NotFoundError } from "@relay/domain";
import { findContact } from "../db/contacts.js";
import { listRecords, type RecordFilters } from "../db/custom-object-records.js";
import type { CoreDeps } from "../deps.js";
import { toCustomObjectRecord } from "./custom-object-view.js";

type Page<T> = { data: T[]; total: number };

/** `GET /contacts/{id}/custom_object_records`: a contact's records of every object (or of one). */
export async function listContactCustomObjectRecords(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  contactId: string,
  query: ContactCustomObjectRecordsQuery,
): Promise<Page<CustomObjectRecord>> {
  if (!(await findContact(deps.db, organizationId, contactId))) throw new NotFoundError("contact");
  const filters: RecordFilters = {
    contact_id: contactId,
    ...(query.custom_object_id && { custom_object_id: query.custom_object_id }),
  };
  const { rows, total } = await listRecords(deps.db, organizationId, filters, query);
  return { data: rows.map(toCustomObjectRecord), total };
}
