import { NotFoundError, type Team } from "@relay/domain";
import { findTeam, memberIdsByTeam } from "../db/teams.js";
import type { CoreDeps } from "../deps.js";
import { toTeam } from "./team-view.js";

export async function getTeam(deps: Pick<CoreDeps, "db">, organizationId: string, id: string): Promise<Team> {
  const row = await findTeam(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("team");
  const members = await memberIdsByTeam(deps.db, organizationId, [id]);
  return toTeam(row, members.get(id) ?? []);
}
