import type { Team } from "@relay/domain";
import type { Kysely } from "kysely";
import type { CoreDB, TeamRow } from "../db/schema.js";
import { memberIdsByTeam } from "../db/teams.js";

export function toTeam(row: TeamRow, userIds: number[]): Team {
  return {
    id: row.id,
    name: row.name,
    user_ids: userIds,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Teams with their members, in one query for all of them. */
export async function presentTeams(
  db: Kysely<CoreDB>,
  organizationId: string,
  rows: TeamRow[],
): Promise<Team[]> {
  const members = await memberIdsByTeam(
    db,
    organizationId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toTeam(row, members.get(row.id) ?? []));
}
