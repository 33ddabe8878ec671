import type { EmailDetails, SendEmail, SentMessage } from "@relay/domain";
import type { IdempotencyKey } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { lockConsent } from "../db/consents.js";
import { latestThreadedMessage } from "../db/messages.js";
import type { ConversationsDB } from "../db/schema.js";
import type { ConversationsDeps, EmailSettings } from "../deps.js";
import { applyOptIns } from "./apply-opt-ins.js";
import { emailParts } from "./email-content.js";
import { openConversation } from "./open-conversation.js";
import { queueOutbound } from "./queue-outbound.js";
import { assertDeliverable, resolveEmailChannel, resolveEmailRecipient } from "./resolve-email-parties.js";
import { resolveOptIns } from "./resolve-opt-ins.js";
import { saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";
import { signUnsubscribe, type UnsubscribeSubject } from "./unsubscribe-token.js";

/** How many earlier Message-IDs an outbound `References` header carries (the newest ones). */
export const MAX_REFERENCES = 10;

export function messageIdHeader(messageId: string, domain: string): string {
  return `<${messageId}@${domain}>`;
}

export function unsubscribeUrl(settings: EmailSettings, subject: UnsubscribeSubject): string {
  const base = settings.publicBaseUrl.replace(/\/+$/, "");
  return `${base}/unsubscribe/${signUnsubscribe(settings.unsubscribeKey, subject)}`;
}

interface Thread {
  in_reply_to?: string;
  references: string[];
  subject?: string;
}

/** A reply to the conversation's latest message that has a Message-ID (inbound or outbound). */
async function threadOf(
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

const replySubject = (subject: string) => (/^re:/i.test(subject.trim()) ? subject : `Re: ${subject}`);

/**
 * `POST /messaging/email`: channel by `from` (an email channel's address), contact by `to`
 * (created if new), 422 fast when `to` bounced permanently on the channel, the request's
 * opt-ins, the consent check (422 when opted out), the conversation found or opened, threading
 * headers from its latest message, and the message stored `queued` with its `cmd.email.send`,
 * or `scheduled` when `schedule_at` is still ahead. One transaction.
 */
export async function sendEmail(
  deps: ConversationsDeps,
  organizationId: string,
  input: SendEmail,
  idempotency?: IdempotencyKey,
): Promise<SentMessage> {
  const channel = await resolveEmailChannel(deps, organizationId, input.from);
  await assertDeliverable(deps, { organizationId, channelId: channel.id, address: input.to });
  const contact = await resolveEmailRecipient(deps, organizationId, input.to);
  const optIns = await resolveOptIns(deps, organizationId, input);
  const scheduleAt = input.schedule_at === undefined ? undefined : new Date(input.schedule_at);
  const later = scheduleAt !== undefined && scheduleAt.getTime() > Date.now();
  const automated = input.conversation_status === "automated";
  const key = { organizationId, contactId: contact.id, channelId: channel.id };
  const parts = emailParts(input.body);
  const id = crypto.randomUUID();
  const header = messageIdHeader(id, deps.email.messageIdDomain);
  const replyTo = input.reply_to ?? input.sender_email;

  return deps.transact(
    async (trx) => {
      for (const channelId of [...new Set([...optIns, channel.id])].sort()) {
        await lockConsent(trx, { ...key, channelId });
      }
      await syncContact(trx, organizationId, contact);
      await applyOptIns(trx, {
        organizationId,
        contactId: contact.id,
        channelIds: optIns,
        source: "send_opt_in",
      });
      const opened = await openConversation(
        trx,
        { ...key, channelType: channel.type },
        input.conversation_status ?? "open",
      );
      const thread = await threadOf(trx, organizationId, opened.row.id);
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
        ...(automated && { list_unsubscribe_url: unsubscribeUrl(deps.email, key) }),
      };
      const row = await queueOutbound(trx, {
        ...key,
        conversationId: opened.row.id,
        from: channel.address,
        to: input.to,
        ...(parts.text.trim() ? { body: parts.text } : {}),
        mediaUrls: input.attachments ?? [],
        automated,
        ...(later && { scheduleAt }),
        email: { id, details, messageIdHeader: header },
      });
      await saveConversation(trx, opened, {
        ...(input.conversation_status !== undefined && { status: input.conversation_status }),
        ...(!automated && { unread: "clear" as const }),
        messaged: true,
      });
      return {
        id: row.id,
        contact_id: contact.id,
        conversation_id: opened.row.id,
        delivery_status: row.delivery_status === "scheduled" ? "scheduled" : "queued",
      };
    },
    { idempotency },
  );
}
