import { NotFoundError, TeamDeleted } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { deleteTeam as deleteTeamRow } from "../db/teams.js";
import type { CoreDeps } from "../deps.js";

export function deleteTeam(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  return deps.transact(async (trx) => {
    if (!(await deleteTeamRow(trx, organizationId, id))) throw new NotFoundError("team");
    await enqueue(trx, newEvent(TeamDeleted, organizationId, { id }));
    return { id, deleted: true as const };
  });
}
