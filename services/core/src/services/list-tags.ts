import type { Pagination, Tag, TagFilters } from "@relay/domain";
import { listTags as listTagRows } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { toTag } from "./tag-view.js";

/** The organization's tags, oldest first. */
export async function listTags(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  filters: TagFilters,
  page: Pagination,
): Promise<{ data: Tag[]; total: number }> {
  const { rows, total } = await listTagRows(deps.db, organizationId, filters, page);
  return { data: rows.map(toTag), total };
}
