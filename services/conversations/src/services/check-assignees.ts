import { ValidationError } from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";

/** A user or team to assign must belong to the organization; otherwise a 422 naming the field. */
export async function checkAssignees(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  assignees: { userId?: number | null; teamId?: string | null },
): Promise<void> {
  const userId = assignees.userId ?? undefined;
  const teamId = assignees.teamId ?? undefined;
  if (userId === undefined && teamId === undefined) return;
  const found = await deps.core.checkAssignee({
    organization_id: organizationId,
    ...(userId !== undefined && { user_id: userId }),
    ...(teamId !== undefined && { team_id: teamId }),
  });
  const details = [
    ...(found.user_found === false
      ? [{ field: "assigned_user_id", message: "is not a user of this organization" }]
      : []),
    ...(found.team_found === false
      ? [{ field: "assigned_team_id", message: "is not a team of this organization" }]
      : []),
  ];
  if (details.length > 0) {
    throw new ValidationError(details.map((d) => `${d.field}: ${d.message}`).join("; "), details);
  }
}
