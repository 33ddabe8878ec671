import type { CustomObject, Pagination } from "@relay/domain";
import { findProperties, listCustomObjects as listObjectRows } from "../db/custom-objects.js";
import type { CoreDeps } from "../deps.js";
import { toCustomObject } from "./custom-object-view.js";

/** The organization's custom objects with their properties, oldest first. */
export async function listCustomObjects(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  page: Pagination,
): Promise<{ data: CustomObject[]; total: number }> {
  const { rows, total } = await listObjectRows(deps.db, organizationId, page);
  const properties = await findProperties(
    deps.db,
    rows.map((row) => row.id),
  );
  return { data: rows.map((row) => toCustomObject(row, properties)), total };
}
