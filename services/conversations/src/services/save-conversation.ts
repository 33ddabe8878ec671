import {
  type Conversation,
  ConversationCreated,
  type ConversationStatus,
  ConversationUpdated,
} from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { sql, type Transaction } from "kysely";
import { type ConversationPatch, updateConversation } from "../db/conversations.js";
import type { ConversationsDB } from "../db/schema.js";
import { toConversation } from "./conversation-view.js";
import type { OpenedConversation } from "./open-conversation.js";

/** What a flow changes on a conversation; fields left out stay as they are. */
export interface ConversationChange {
  status?: ConversationStatus;
  assigned_user_id?: number | null;
  assigned_team_id?: string | null;
  unread?: "increment" | "clear";
  /** A message was added now. */
  messaged?: boolean;
  /** The channel's automatic reply went out now. */
  autoResponded?: boolean;
}

function patchFor(opened: OpenedConversation, change: ConversationChange): ConversationPatch {
  const { row } = opened;
  const now = sql<Date>`now()`;
  const patch: ConversationPatch = {};
  if (change.status !== undefined && change.status !== row.status) patch.status = change.status;
  if (change.assigned_user_id !== undefined && change.assigned_user_id !== row.assigned_user_id)
    patch.assigned_user_id = change.assigned_user_id;
  if (change.assigned_team_id !== undefined && change.assigned_team_id !== row.assigned_team_id)
    patch.assigned_team_id = change.assigned_team_id;
  if (change.unread === "increment" || (change.unread === "clear" && row.unread_count > 0))
    patch.unread = change.unread;
  if (change.messaged) patch.last_message_at = now;
  if (change.autoResponded) patch.last_auto_response_at = now;
  return patch;
}

/**
 * Applies a change to a conversation opened (and locked) in this transaction and records one
 * event: `created` for a new conversation, `updated` when anything changed, none otherwise.
 */
export async function saveConversation(
  trx: Transaction<ConversationsDB>,
  opened: OpenedConversation,
  change: ConversationChange,
): Promise<Conversation> {
  const patch = patchFor(opened, change);
  const changed = Object.keys(patch).length > 0;
  const row = changed
    ? await updateConversation(trx, opened.row.organization_id, opened.row.id, patch)
    : opened.row;
  if (!row) throw new Error("a locked conversation vanished inside its transaction");
  const conversation = toConversation(row);
  if (opened.created) await enqueue(trx, newEvent(ConversationCreated, row.organization_id, conversation));
  else if (changed) await enqueue(trx, newEvent(ConversationUpdated, row.organization_id, conversation));
  return conversation;
}
