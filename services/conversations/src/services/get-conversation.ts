import { type Conversation, NotFoundError } from "@relay/domain";
import { findConversation } from "../db/conversations.js";
import type { ConversationsDeps } from "../deps.js";
import { toConversation } from "./conversation-view.js";

export async function getConversation(
  deps: Pick<ConversationsDeps, "db">,
  organizationId: string,
  id: string,
): Promise<Conversation> {
  const row = await findConversation(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("conversation");
  return toConversation(row);
}
