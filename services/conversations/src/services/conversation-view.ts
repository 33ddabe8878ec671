import { type Conversation, ConversationChannelType, ConversationStatus } from "@relay/domain";
import type { ConversationRow } from "../db/schema.js";

/** The public shape; unassigned and message-less conversations leave those fields out. */
export function toConversation(row: ConversationRow): Conversation {
  const conversation: Conversation = {
    id: row.id,
    contact_id: row.contact_id,
    channel_id: row.channel_id,
    channel_type: ConversationChannelType.parse(row.channel_type),
    status: ConversationStatus.parse(row.status),
    unread_count: row.unread_count,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
  if (row.assigned_user_id !== null) conversation.assigned_user_id = row.assigned_user_id;
  if (row.assigned_team_id !== null) conversation.assigned_team_id = row.assigned_team_id;
  if (row.last_message_at !== null) conversation.last_message_date = row.last_message_at.toISOString();
  return conversation;
}
