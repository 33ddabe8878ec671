import { type EventOf, MessageCreated, type PhoneMessageReceived } from "@relay/domain";
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
 * An inbound SMS/MMS: the sender's contact (created if new), their conversation on the channel
 * (created, or reopened when closed), the message stored `received`, one more unread, then
 * either the keyword's effect and answer, or the channel's automatic reply. Runs once per event
 * (`consumer` inbox) and once per provider message id.
 */
export async function receiveMessage(
  deps: ConversationsDeps,
  event: EventOf<typeof PhoneMessageReceived>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  const channel = await eventChannel(deps, organizationId, data.channel_id);
  if (!channel) {
    deps.logger.warn(
      { channel_id: data.channel_id, event_id: event.id },
      "inbound message for an unknown channel",
    );
    return;
  }
  const contact = await deps.core.resolveContact({ organization_id: organizationId, phone: data.from });
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
      type: "sms",
      direction: "INBOUND",
      body: data.body,
      from_address: contact.phone ?? data.from,
      to_address: channel.phone ?? data.to,
      delivery_status: "received",
      media: data.media,
      automated: false,
      provider_message_id: data.provider_message_id,
      error_code: null,
      error_message: null,
      schedule_at: null,
      call_status: null,
      call_duration_seconds: null,
      recording_url: null,
      recording_duration_seconds: null,
    });
    if (!inbound) return; // the provider delivered this message before

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
        ...(reply.optOutConfirmation && { optOutConfirmation: true as const }),
      });
    }
  });
}
