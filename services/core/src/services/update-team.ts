import { NotFoundError, type Team, TeamUpdated, type UpdateTeam } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { findTeam, memberIdsByTeam, replaceTeamMembers, updateTeam as updateTeamRow } from "../db/teams.js";
import type { CoreDeps } from "../deps.js";
import { checkUserIds } from "./check-user-ids.js";
import { toTeam } from "./team-view.js";

/** Renames a team and/or replaces its members. */
export function updateTeam(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  id: string,
  input: UpdateTeam,
): Promise<Team> {
  return deps.transact(async (trx) => {
    if (!(await findTeam(trx, organizationId, id, { forUpdate: true }))) throw new NotFoundError("team");
    if (input.user_ids) {
      await checkUserIds(trx, organizationId, input.user_ids);
      await replaceTeamMembers(trx, organizationId, id, input.user_ids);
    }
    const row = await updateTeamRow(
      trx,
      organizationId,
      id,
      input.name === undefined ? {} : { name: input.name },
    );
    if (!row) throw new NotFoundError("team");
    const members = await memberIdsByTeam(trx, organizationId, [id]);
    const team = toTeam(row, members.get(id) ?? []);
    await enqueue(trx, newEvent(TeamUpdated, organizationId, team));
    return team;
  });
}
