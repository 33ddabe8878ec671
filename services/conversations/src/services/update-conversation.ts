import { type Conversation, NotFoundError, type UpdateConversation } from "@relay/domain";
import { type ChannelScope, inChannelScope } from "@relay/service-kit";
import { findConversation } from "../db/conversations.js";
import type { ConversationsDeps } from "../deps.js";
import { checkAssignees } from "./check-assignees.js";
import { type ConversationChange, saveConversation } from "./save-conversation.js";

/**
 * `PUT /conversations/{id}`: status, assignment (`null` unassigns), `mark_read`. Closing a
 * conversation or `mark_read: true` clears its unread count. Nothing changed → no event.
 */
export async function updateConversation(
  deps: Pick<ConversationsDeps, "db" | "core" | "transact">,
  organizationId: string,
  id: string,
  input: UpdateConversation,
  scope?: ChannelScope,
): Promise<Conversation> {
  const found = await findConversation(deps.db, organizationId, id);
  if (!found || !inChannelScope(scope, found.channel_id)) throw new NotFoundError("conversation");
  await checkAssignees(deps, organizationId, {
    userId: input.assigned_user_id,
    teamId: input.assigned_team_id,
  });
  const change: ConversationChange = {
    ...(input.status !== undefined && { status: input.status }),
    ...(input.assigned_user_id !== undefined && { assigned_user_id: input.assigned_user_id }),
    ...(input.assigned_team_id !== undefined && { assigned_team_id: input.assigned_team_id }),
    ...((input.mark_read || input.status === "closed") && { unread: "clear" as const }),
  };
  return deps.transact(async (trx) => {
    const row = await findConversation(trx, organizationId, id, { forUpdate: true });
    if (!row) throw new NotFoundError("conversation");
    return saveConversation(trx, { row, created: false }, change);
  });
}
