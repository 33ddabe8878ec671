import { type Conversation, NotFoundError } from "@relay/domain";
import { type ChannelScope, inChannelScope } from "@relay/service-kit";
import { findConversation } from "../db/conversations.js";
import type { ConversationsDeps } from "../deps.js";
import { toConversation } from "./conversation-view.js";

export async function getConversation(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  id: string,
  scope?: ChannelScope,
): Promise<Conversation> {
  const row = await findConversation(deps.db, organizationId, id);
  if (!row || !inChannelScope(scope, row.channel_id)) throw new NotFoundError("conversation");
  return toConversation(row);
}
