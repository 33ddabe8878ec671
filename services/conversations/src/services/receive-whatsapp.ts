import { type EventOf, MessageCreated, type WhatsAppMessageReceived } from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import { lockConsent } from "../db/consents.js";
import { insertMessageOnce } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { answerKeyword, type KeywordReply } from "./answer-keyword.js";
import { automaticReply } from "./automatic-reply.js";
import { eventChannel } from "./event-channel.js";
import { keywordOf } from "./keywords.js";
import { toMessage } from "./message-view.js";
import { openConversation } from "./open-conversation.js";
import { queueOutbound } from "./queue-outbound.js";
import { type ConversationChange, saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";

/**
 * An inbound WhatsApp message, as an inbound SMS: the sender's contact by phone (created if
 * new), their conversation on the channel (created, or reopened when closed), the message stored
 * `received` (media listed by Meta's media id), one more unread, then the keyword's effect and
 * answer or the channel's automatic reply. Replies are free-form text: the contact just wrote,
 * so the 24-hour window is open. Once per event and once per provider message id per channel.
 */
export async function receiveWhatsApp(
  deps: ConversationsDeps,
  event: EventOf<typeof WhatsAppMessageReceived>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  const channel = await eventChannel(deps, organizationId, data.channel_id);
  if (!channel) {
    deps.logger.warn(
      { channel_id: data.channel_id, event_id: event.id },
      "inbound whatsapp message for an unknown channel",
    );
    return;
  }
  const from = `+${data.from.replace(/\D/g, "")}`;
  const contact = await deps.core.resolveContact({ organization_id: organizationId, phone: from });
  const key = { organizationId, contactId: contact.id, channelId: channel.id };

  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    await lockConsent(trx, key);
    await syncContact(trx, organizationId, contact);
    const opened = await openConversation(trx, { ...key, channelType: channel.type });
    const inbound = await insertMessageOnce(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      conversation_id: opened.row.id,
      contact_id: contact.id,
      channel_id: channel.id,
      type: "whatsapp",
      direction: "INBOUND",
      body: data.body,
      from_address: contact.phone ?? from,
      to_address: channel.phone ?? data.to,
      delivery_status: "received",
      media: data.media.map((media) => ({
        url: media.id,
        ...(media.mime_type !== undefined && { content_type: media.mime_type }),
      })),
      automated: false,
      provider_message_id: data.provider_message_id,
      error_code: null,
      error_message: null,
      schedule_at: null,
      call_status: null,
      call_duration_seconds: null,
      recording_url: null,
      recording_duration_seconds: null,
      whatsapp: { kind: data.media.length > 0 ? "media" : "text" },
    });
    if (!inbound) return; // Meta delivered this message before

    const change: ConversationChange = { unread: "increment", messaged: true };
    if (opened.row.status === "closed") change.status = "open";
    const keyword = keywordOf(data.body);
    let reply: KeywordReply | undefined;
    if (keyword) {
      reply = await answerKeyword(trx, key, keyword, { text: data.body, channel });
    } else {
      const text = await automaticReply(trx, key, {
        channel,
        conversation: opened.row,
        cooldownSeconds: deps.autoResponseCooldownSeconds,
        at: new Date(),
      });
      if (text) {
        reply = { body: text };
        change.autoResponded = true;
      }
    }
    await saveConversation(trx, opened, change);
    await enqueue(trx, newEvent(MessageCreated, organizationId, toMessage(inbound)));
    if (reply) {
      await queueOutbound(trx, {
        ...key,
        conversationId: opened.row.id,
        from: inbound.to_address,
        to: inbound.from_address,
        body: reply.body,
        automated: true,
        whatsapp: { kind: "text" },
        ...(reply.optOutConfirmation && { optOutConfirmation: true as const }),
      });
    }
  });
}
