import { type EmailDetails, emailParts, type SendEmail } from "@relay/domain";
import type { Transaction } from "kysely";
import type { ConsentKey } from "../db/consents.js";
import type { ConversationsDB } from "../db/schema.js";
import type { ConversationsDeps, EmailSettings } from "../deps.js";
import { signUnsubscribe, type UnsubscribeSubject } from "../services/unsubscribe-token.js";
import { messageIdHeader, replySubject, replyThread } from "./email-thread.js";
import type { Composed, Parties } from "./policy.js";

export function unsubscribeUrl(settings: EmailSettings, subject: UnsubscribeSubject): string {
  const base = settings.publicBaseUrl.replace(/\/+$/, "");
  return `${base}/unsubscribe/${signUnsubscribe(settings.unsubscribeKey, subject)}`;
}

/**
 * An outbound email: its own Message-ID (named by the message id), a reply to the conversation's
 * latest threaded message (`Re:` its subject when none is given), both parts of the body, and
 * one-click unsubscribe on automated mail.
 */
export async function composeEmail(
  trx: Transaction<ConversationsDB>,
  deps: Pick<ConversationsDeps, "email">,
  send: { input: SendEmail; parties: Parties; key: ConsentKey; conversationId: string; automated: boolean },
): Promise<Composed> {
  const { input, parties } = send;
  const id = crypto.randomUUID();
  const header = messageIdHeader(id, deps.email.messageIdDomain);
  const parts = emailParts(input.body);
  const replyTo = input.reply_to ?? input.sender_email;
  const thread = await replyThread(trx, send.key.organizationId, send.conversationId);
  const subject = input.subject ?? (thread.subject !== undefined ? replySubject(thread.subject) : "");
  const details: EmailDetails = {
    subject,
    cc: input.cc ?? [],
    bcc: input.bcc ?? [],
    ...(replyTo !== undefined && { reply_to: replyTo }),
    ...(input.sender_name !== undefined && { sender_name: input.sender_name }),
    text: parts.text,
    html: parts.html,
    message_id_header: header,
    ...(thread.in_reply_to !== undefined && { in_reply_to: thread.in_reply_to }),
    references: thread.references,
    ...(send.automated && { list_unsubscribe_url: unsubscribeUrl(deps.email, send.key) }),
  };
  return {
    id,
    from: parties.from,
    to: parties.to,
    ...(parts.text.trim() ? { body: parts.text } : {}),
    mediaUrls: input.attachments ?? [],
    email: details,
    messageIdHeader: header,
  };
}
