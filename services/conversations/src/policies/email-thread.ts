import type { Channel } from "@relay/domain";
import type { Transaction } from "kysely";
import { findConversation } from "../db/conversations.js";
import { findByMessageIdHeaders, latestThreadedMessage } from "../db/messages.js";
import type { ConversationsDB } from "../db/schema.js";
import type { OpenedConversation } from "../services/open-conversation.js";

/** How many earlier Message-IDs an outbound `References` header carries (the newest ones). */
export const MAX_REFERENCES = 10;

export function messageIdHeader(messageId: string, domain: string): string {
  return `<${messageId}@${domain}>`;
}

export interface Thread {
  in_reply_to?: string;
  references: string[];
  subject?: string;
}

/** A reply to the conversation's latest message that has a Message-ID (inbound or outbound). */
export async function replyThread(
  trx: Transaction<ConversationsDB>,
  organizationId: string,
  conversationId: string,
): Promise<Thread> {
  const latest = await latestThreadedMessage(trx, organizationId, conversationId);
  if (!latest || latest.message_id_header === null) return { references: [] };
  const chain = [...(latest.email?.references ?? []), latest.message_id_header];
  const references = [...new Set(chain.reverse())].reverse().slice(-MAX_REFERENCES);
  return {
    in_reply_to: latest.message_id_header,
    references,
    ...(latest.email?.subject ? { subject: latest.email.subject } : {}),
  };
}

export const replySubject = (subject: string) => (/^re:/i.test(subject.trim()) ? subject : `Re: ${subject}`);

/**
 * The conversation an inbound mail answers: `In-Reply-To`, then `References` (newest first),
 * matched against the Message-IDs stored on the channel's messages; locked. Undefined when none.
 */
export async function findMailThread(
  trx: Transaction<ConversationsDB>,
  organizationId: string,
  channel: Channel,
  mail: { in_reply_to?: string | undefined; references: string[] },
): Promise<OpenedConversation | undefined> {
  const headers = [
    ...(mail.in_reply_to ? [mail.in_reply_to.trim()] : []),
    ...[...mail.references].reverse().map((ref) => ref.trim()),
  ].filter((header) => header !== "");
  const parent = await findByMessageIdHeaders(trx, organizationId, channel.id, headers);
  if (!parent) return undefined;
  const row = await findConversation(trx, organizationId, parent.conversation_id, { forUpdate: true });
  return row && { row, created: false };
}
