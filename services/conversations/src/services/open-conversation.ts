import type { ConversationStatus } from "@relay/domain";
import type { Transaction } from "kysely";
import {
  type ConversationKey,
  findConversationFor,
  insertConversationIfMissing,
} from "../db/conversations.js";
import type { ConversationRow, ConversationsDB } from "../db/schema.js";

export interface OpenedConversation {
  row: ConversationRow;
  /** Created by this transaction (its event is `created`, not `updated`). */
  created: boolean;
}

/**
 * The contact's conversation on the channel, created with `status` when there is none, and
 * locked for the rest of the transaction. The unique (contact, channel) index makes
 * concurrent callers share one conversation.
 */
export async function openConversation(
  trx: Transaction<ConversationsDB>,
  key: ConversationKey & { channelType: string },
  status: ConversationStatus = "open",
): Promise<OpenedConversation> {
  const created = await insertConversationIfMissing(trx, key, {
    id: crypto.randomUUID(),
    channel_type: key.channelType,
    status,
  });
  const row = await findConversationFor(trx, key, { forUpdate: true });
  if (!row) throw new Error("a conversation vanished inside its transaction");
  return { row, created };
}
