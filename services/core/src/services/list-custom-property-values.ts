import type { CustomPropertyValue, CustomPropertyValuesQuery } from "@relay/domain";
import { listPropertyValues } from "../db/custom-object-records.js";
import type { CoreDeps } from "../deps.js";
import { toCustomPropertyValue } from "./custom-object-view.js";
import { resourceFilters } from "./list-custom-object-records.js";

type Page<T> = { data: T[]; total: number };

/** `GET /custom_objects/property_values`: one entry per value a record holds. */
export async function listCustomPropertyValues(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  query: CustomPropertyValuesQuery,
): Promise<Page<CustomPropertyValue>> {
  const filters = {
    ...resourceFilters(query),
    ...(query.custom_object_id && { custom_object_id: query.custom_object_id }),
    ...(query.before && { before: query.before }),
    ...(query.after && { after: query.after }),
  };
  const { rows, total } = await listPropertyValues(deps.db, organizationId, filters, query);
  return { data: rows.map(toCustomPropertyValue), total };
}
