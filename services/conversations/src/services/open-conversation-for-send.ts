import {
  ConversationCreated,
  type ConversationStatus,
  ConversationUpdated,
  type EventEnvelope,
} from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { type ConversationKey, upsertMessagedConversation } from "../db/conversations.js";
import type { ConversationRow, ConversationsDB } from "../db/schema.js";
import { toConversation } from "./conversation-view.js";

/**
 * A send's conversation: found or opened, locked, with the message recorded (its time, the
 * request's status, unread cleared when a person replies), and its event, for the caller to
 * enqueue with the message's. A send always changes the conversation, so there always is one.
 */
export async function openConversationForSend(
  trx: Transaction<ConversationsDB>,
  key: ConversationKey & { channelType: string },
  change: { status?: ConversationStatus | undefined; clearUnread: boolean },
): Promise<{ row: ConversationRow; event: EventEnvelope }> {
  const { row, created } = await upsertMessagedConversation(trx, key, {
    ...change,
    channelType: key.channelType,
  });
  return { row, event: conversationEvent(row, created) };
}

/** `conversations.conversation.created` for a conversation this transaction made, `updated` otherwise. */
export function conversationEvent(row: ConversationRow, created: boolean): EventEnvelope {
  return newEvent(
    created ? ConversationCreated : ConversationUpdated,
    row.organization_id,
    toConversation(row),
  );
}
