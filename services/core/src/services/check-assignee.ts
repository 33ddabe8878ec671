import type { CheckAssigneeRequest, CheckAssigneeResult } from "@relay/domain";
import { findTeam } from "../db/teams.js";
import { findUser } from "../db/users.js";
import type { CoreDeps } from "../deps.js";

/** For assignment elsewhere: is each given id a user / team of this organization? */
export async function checkAssignee(
  deps: Pick<CoreDeps, "db">,
  request: CheckAssigneeRequest,
): Promise<CheckAssigneeResult> {
  const organizationId = request.organization_id;
  const [user, team] = await Promise.all([
    request.user_id === undefined ? undefined : findUser(deps.db, organizationId, request.user_id),
    request.team_id === undefined ? undefined : findTeam(deps.db, organizationId, request.team_id),
  ]);
  return {
    ...(request.user_id !== undefined && { user_found: user !== undefined }),
    ...(request.team_id !== undefined && { team_found: team !== undefined }),
  };
}
