import { type CreateTeam, type Team, TeamCreated } from "@relay/domain";
import { enqueue, type IdempotencyKey, newEvent } from "@relay/service-kit";
import { insertTeam, replaceTeamMembers } from "../db/teams.js";
import type { CoreDeps } from "../deps.js";
import { checkUserIds } from "./check-user-ids.js";
import { toTeam } from "./team-view.js";

export function createTeam(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  input: CreateTeam,
  idempotency?: IdempotencyKey,
): Promise<Team> {
  return deps.transact(
    async (trx) => {
      const userIds = input.user_ids ?? [];
      await checkUserIds(trx, organizationId, userIds);
      const row = await insertTeam(trx, {
        id: crypto.randomUUID(),
        organization_id: organizationId,
        name: input.name,
      });
      await replaceTeamMembers(trx, organizationId, row.id, userIds);
      const team = toTeam(
        row,
        [...userIds].sort((a, b) => a - b),
      );
      await enqueue(trx, newEvent(TeamCreated, organizationId, team));
      return team;
    },
    { idempotency },
  );
}
