import { type CustomObjectRecord, type CustomObjectRecordsQuery, NotFoundError } from "@relay/domain";
import { listRecords, type RecordFilters } from "../db/custom-object-records.js";
import { findCustomObject } from "../db/custom-objects.js";
import type { CoreDeps } from "../deps.js";
import { toCustomObjectRecord } from "./custom-object-view.js";

type Page<T> = { data: T[]; total: number };

/** The association filters of a query, as the records table holds them. */
export function resourceFilters(
  query: Pick<CustomObjectRecordsQuery, "associated_resource_id" | "associated_resource_type">,
) {
  return {
    ...(query.associated_resource_id && { contact_id: query.associated_resource_id }),
    ...(query.associated_resource_type && { associated: true }),
  } satisfies RecordFilters;
}

/** A custom object's records, oldest first, filtered as Whippy's piece sends; 404 for another organization's. */
export async function listCustomObjectRecords(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  objectId: string,
  query: CustomObjectRecordsQuery,
): Promise<Page<CustomObjectRecord>> {
  if (!(await findCustomObject(deps.db, organizationId, objectId))) throw new NotFoundError("custom object");
  const filters: RecordFilters = {
    custom_object_id: objectId,
    ...resourceFilters(query),
    ...(query.external_id && { external_id: query.external_id }),
  };
  const { rows, total } = await listRecords(deps.db, organizationId, filters, query);
  return { data: rows.map(toCustomObjectRecord), total };
}
