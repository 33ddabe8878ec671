import type { Pagination, Team } from "@relay/domain";
import { listTeams as selectTeams } from "../db/teams.js";
import type { CoreDeps } from "../deps.js";
import { presentTeams } from "./team-view.js";

export async function listTeams(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  page: Pagination,
): Promise<{ data: Team[]; total: number }> {
  const { rows, total } = await selectTeams(deps.db, organizationId, page);
  return { data: await presentTeams(deps.db, organizationId, rows), total };
}
