import type { Pagination, User } from "@relay/domain";
import { listUsers as selectUsers } from "../db/users.js";
import type { CoreDeps } from "../deps.js";
import { toUser } from "./user-view.js";

export async function listUsers(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  page: Pagination,
): Promise<{ data: User[]; total: number }> {
  const { rows, total } = await selectUsers(deps.db, organizationId, page);
  return { data: rows.map(toUser), total };
}
