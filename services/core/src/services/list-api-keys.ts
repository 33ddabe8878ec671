import type { ApiKey, Pagination } from "@relay/domain";
import { listApiKeys as selectApiKeys } from "../db/api-keys.js";
import type { CoreDeps } from "../deps.js";
import { toApiKey } from "./api-key-view.js";

export async function listApiKeys(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  page: Pagination,
): Promise<{ data: ApiKey[]; total: number }> {
  const { rows, total } = await selectApiKeys(deps.db, organizationId, page);
  return { data: rows.map(toApiKey), total };
}
