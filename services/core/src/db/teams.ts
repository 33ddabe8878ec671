import type { Pagination } from "@relay/domain";
import { type Insertable, type Kysely, sql } from "kysely";
import type { CoreDB, TeamRow, TeamsTable } from "./schema.js";

export function insertTeam(db: Kysely<CoreDB>, row: Insertable<TeamsTable>): Promise<TeamRow> {
  return db.insertInto("teams").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listTeams(
  db: Kysely<CoreDB>,
  organizationId: string,
  page: Pagination,
): Promise<{ rows: TeamRow[]; total: number }> {
  const scoped = db.selectFrom("teams").where("organization_id", "=", organizationId);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("created_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** `forUpdate` locks the row for the rest of the caller's transaction. */
export function findTeam(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TeamRow | undefined> {
  const query = db
    .selectFrom("teams")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export function updateTeam(
  db: Kysely<CoreDB>,
  organizationId: string,
  id: string,
  patch: { name?: string },
): Promise<TeamRow | undefined> {
  return db
    .updateTable("teams")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteTeam(db: Kysely<CoreDB>, organizationId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom("teams")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Makes `userIds` the team's members (callers check they belong to the organization). */
export async function replaceTeamMembers(
  db: Kysely<CoreDB>,
  organizationId: string,
  teamId: string,
  userIds: readonly number[],
): Promise<void> {
  await db
    .deleteFrom("team_members")
    .where("organization_id", "=", organizationId)
    .where("team_id", "=", teamId)
    .execute();
  if (userIds.length === 0) return;
  await db
    .insertInto("team_members")
    .values(userIds.map((userId) => ({ team_id: teamId, user_id: userId, organization_id: organizationId })))
    .execute();
}

/** Member ids of each team, in id order. */
export async function memberIdsByTeam(
  db: Kysely<CoreDB>,
  organizationId: string,
  teamIds: readonly string[],
): Promise<Map<string, number[]>> {
  const members = new Map<string, number[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return members;
  const rows = await db
    .selectFrom("team_members")
    .select(["team_id", "user_id"])
    .where("organization_id", "=", organizationId)
    .where("team_id", "in", teamIds)
    .orderBy("user_id")
    .execute();
  for (const row of rows) members.get(row.team_id)?.push(row.user_id);
  return members;
}
