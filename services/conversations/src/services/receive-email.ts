import { AppError, type EmailMessageReceived, type EventOf, MessageCreated } from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import { lockConsent } from "../db/consents.js";
import { findConversation } from "../db/conversations.js";
import { findByMessageIdHeaders, insertMessageOnce } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { eventChannel } from "./event-channel.js";
import { keywordOf } from "./keywords.js";
import { toMessage } from "./message-view.js";
import { type OpenedConversation, openConversation } from "./open-conversation.js";
import { type ConversationChange, saveConversation } from "./save-conversation.js";
import { setConsent } from "./set-consent.js";
import { syncContact } from "./sync-contact.js";

/**
 * An inbound email: the sender's contact by the From address (created if new); the thread it
 * answers (`In-Reply-To`, then `References`, matched against the Message-IDs stored on the
 * channel's messages) decides the conversation, else the contact's conversation on the channel;
 * stored `received` with the reply text as body, one more unread, a closed conversation
 * reopened. A reply that is only STOP & co. (or START & co.) changes consent, with no
 * confirmation email. No automatic reply (mail loops). Once per event and per Message-ID.
 */
export async function receiveEmail(
  deps: ConversationsDeps,
  event: EventOf<typeof EmailMessageReceived>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  const channel = await eventChannel(deps, organizationId, data.channel_id);
  if (!channel) {
    deps.logger.warn(
      { channel_id: data.channel_id, event_id: event.id },
      "inbound email for an unknown channel",
    );
    return;
  }
  const from = data.from.trim().toLowerCase();
  let contact: Awaited<ReturnType<typeof deps.core.resolveContact>>;
  try {
    contact = await deps.core.resolveContact({
      organization_id: organizationId,
      email: from,
      ...(data.from_name?.trim() ? { name: data.from_name.trim().slice(0, 255) } : {}),
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_failed") {
      deps.logger.warn({ event_id: event.id }, "inbound email from an impossible address; dropped");
      return;
    }
    throw error;
  }
  const key = { organizationId, contactId: contact.id, channelId: channel.id };
  const threadHeaders = [
    ...(data.in_reply_to ? [data.in_reply_to.trim()] : []),
    ...[...data.references].reverse().map((ref) => ref.trim()),
  ].filter((header) => header !== "");

  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    await lockConsent(trx, key);
    await syncContact(trx, organizationId, contact);
    let opened: OpenedConversation | undefined;
    const parent = await findByMessageIdHeaders(trx, organizationId, channel.id, threadHeaders);
    if (parent) {
      const row = await findConversation(trx, organizationId, parent.conversation_id, { forUpdate: true });
      if (row) opened = { row, created: false };
    }
    opened ??= await openConversation(trx, { ...key, channelType: channel.type });
    const inbound = await insertMessageOnce(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      conversation_id: opened.row.id,
      contact_id: contact.id,
      channel_id: channel.id,
      type: "email",
      direction: "INBOUND",
      body: data.text,
      from_address: contact.email ?? from,
      to_address: channel.address ?? data.to[0] ?? "",
      delivery_status: "received",
      media: data.attachments.flatMap((attachment) =>
        attachment.url ? [{ url: attachment.url, content_type: attachment.content_type }] : [],
      ),
      automated: false,
      provider_message_id: data.provider_message_id,
      error_code: null,
      error_message: null,
      schedule_at: null,
      call_status: null,
      call_duration_seconds: null,
      recording_url: null,
      recording_duration_seconds: null,
      message_id_header: data.provider_message_id,
      email: {
        subject: data.subject,
        cc: data.cc,
        bcc: [],
        to: data.to,
        ...(data.from_name !== undefined && { from_name: data.from_name }),
        text: data.full_text,
        ...(data.html !== undefined && { html: data.html }),
        message_id_header: data.provider_message_id,
        ...(data.in_reply_to !== undefined && { in_reply_to: data.in_reply_to }),
        references: data.references,
        attachments: data.attachments,
      },
    });
    if (!inbound) return; // this mail was delivered before

    const change: ConversationChange = { unread: "increment", messaged: true };
    if (opened.row.status === "closed") change.status = "open";
    const keyword = keywordOf(data.text);
    if (keyword === "opt_out" || keyword === "opt_in") {
      await setConsent(trx, {
        ...key,
        optIn: keyword === "opt_in",
        source: "keyword",
        detail: data.text.trim().slice(0, 100),
        strength: "explicit",
      });
    }
    await saveConversation(trx, opened, change);
    await enqueue(trx, newEvent(MessageCreated, organizationId, toMessage(inbound)));
  });
}
