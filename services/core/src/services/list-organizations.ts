import type { Organization, Pagination } from "@relay/domain";
import { listOrganizations as selectOrganizations } from "../db/organizations.js";
import type { CoreDeps } from "../deps.js";
import { toOrganization } from "./organization-view.js";

export async function listOrganizations(
  deps: Pick<CoreDeps, "db">,
  page: Pagination,
): Promise<{ data: Organization[]; total: number }> {
  const { rows, total } = await selectOrganizations(deps.db, page);
  return { data: rows.map(toOrganization), total };
}
