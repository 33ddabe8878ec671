import { type MessageList, NotFoundError, type Pagination } from "@relay/domain";
import { type ChannelScope, inChannelScope } from "@relay/service-kit";
import { findConversation } from "../db/conversations.js";
import { listMessages as selectMessages } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { toMessage } from "./message-view.js";

/** A conversation's messages and call events, newest first (as an inbox shows the latest). */
export async function listMessages(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  conversationId: string,
  page: Pagination,
  scope?: ChannelScope,
): Promise<MessageList> {
  const found = await findConversation(deps.db, organizationId, conversationId);
  if (!found || !inChannelScope(scope, found.channel_id)) throw new NotFoundError("conversation");
  const { rows, total } = await selectMessages(deps.db, organizationId, conversationId, page);
  return { data: rows.map(toMessage), total };
}
