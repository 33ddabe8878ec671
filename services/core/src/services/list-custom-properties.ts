import type { CustomProperty, Pagination } from "@relay/domain";
import type { CoreDeps } from "../deps.js";
import { getCustomObject } from "./get-custom-object.js";

/** An object's properties in order (an object holds at most a few hundred: paged in memory). */
export async function listCustomProperties(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  id: string,
  page: Pagination,
): Promise<{ data: CustomProperty[]; total: number }> {
  const { custom_properties } = await getCustomObject(deps, organizationId, id);
  return {
    data: custom_properties.slice(page.offset, page.offset + page.limit),
    total: custom_properties.length,
  };
}
