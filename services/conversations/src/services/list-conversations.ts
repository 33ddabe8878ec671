import type { Conversation, ListConversationsQuery } from "@relay/domain";
import { listConversations as selectConversations } from "../db/conversations.js";
import type { ConversationsDeps } from "../deps.js";
import { toConversation } from "./conversation-view.js";

/** The organization's conversations, most recent activity first, filtered by status and channel type. */
export async function listConversations(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  query: ListConversationsQuery,
): Promise<{ data: Conversation[]; total: number }> {
  const { rows, total } = await selectConversations(
    deps.db,
    organizationId,
    {
      ...(query.status && { statuses: [...new Set(query.status)] }),
      ...(query.type && { channelTypes: [...new Set(query.type)] }),
      ...(query.tags && { tagsAny: [...new Set(query.tags)] }),
    },
    query,
  );
  return { data: rows.map(toConversation), total };
}
