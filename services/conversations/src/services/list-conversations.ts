import type { Conversation, ListConversationsQuery } from "@relay/domain";
import type { ChannelScope } from "@relay/service-kit";
import { listConversations as selectConversations } from "../db/conversations.js";
import type { ConversationsDeps } from "../deps.js";
import { toConversation } from "./conversation-view.js";

/**
 * The organization's conversations, most recent activity first, filtered by status, channel type,
 * assignment (user or team), contact and unread, and limited to `scope` (a web agent's channels) when given.
 */
export async function listConversations(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  query: ListConversationsQuery,
  scope?: ChannelScope,
): Promise<{ data: Conversation[]; total: number }> {
  const { rows, total } = await selectConversations(
    deps.db,
    organizationId,
    {
      ...(query.status && { statuses: [...new Set(query.status)] }),
      ...(query.type && { channelTypes: [...new Set(query.type)] }),
      ...(query.tags && { tagsAny: [...new Set(query.tags)] }),
      ...(scope && { channelIds: [...scope] }),
      ...(query.assigned_user_id !== undefined && { assignedUserId: query.assigned_user_id }),
      ...(query.assigned_team_id !== undefined && { assignedTeamId: query.assigned_team_id }),
      ...(query.contact_id !== undefined && { contactId: query.contact_id }),
      ...(query.unassigned && { unassigned: true }),
      ...(query.unread && { unread: true }),
    },
    query,
  );
  return { data: rows.map(toConversation), total };
}
