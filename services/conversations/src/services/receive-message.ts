import { MessageCreated, type ReceivedMessage } from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import { lockConsent } from "../db/consents.js";
import { insertMessageOnce } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import type { ReceivePolicy } from "../policies/policy.js";
import { answerInbound } from "./answer-inbound.js";
import { eventChannel } from "./event-channel.js";
import { toMessage } from "./message-view.js";
import { openConversation } from "./open-conversation.js";
import { queueOutbound } from "./queue-outbound.js";
import { type ConversationChange, saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";

/** An adapter's inbound event, parsed. */
interface ReceivedEvent<R> {
  id: string;
  organization_id: string;
  data: R;
}

/**
 * An inbound message on any channel, read through its policy: the sender's contact (created if
 * new), the conversation (the thread it answers, else the contact's on the channel, created or
 * reopened when closed), the message stored `received`, one more unread, then the keyword's
 * effect and answer or the channel's automatic reply (none on email). Runs once per event
 * (`consumer` inbox) and once per provider message id on the channel.
 */
export async function receiveMessage<R extends ReceivedMessage>(
  deps: ConversationsDeps,
  policy: ReceivePolicy<R>,
  event: ReceivedEvent<R>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  const where = { channel: policy.channelType, channel_id: data.channel_id, event_id: event.id };
  const channel = await eventChannel(deps, organizationId, data.channel_id);
  if (!channel) return deps.logger.warn(where, "inbound message for an unknown channel");
  const contact = await policy.resolveSender(deps, organizationId, data);
  if (!contact) return deps.logger.warn(where, "inbound message from an impossible address; dropped");
  const key = { organizationId, contactId: contact.id, channelId: channel.id };

  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    await lockConsent(trx, key);
    await syncContact(trx, organizationId, contact);
    const opened =
      (await policy.findThread?.(trx, organizationId, channel, data)) ??
      (await openConversation(trx, { ...key, channelType: channel.type }));
    const inbound = await insertMessageOnce(trx, {
      ...policy.inbound(data, { channel, contact }),
      id: crypto.randomUUID(),
      organization_id: organizationId,
      conversation_id: opened.row.id,
      contact_id: contact.id,
      channel_id: channel.id,
      type: policy.messageType,
      direction: "INBOUND",
      delivery_status: "received",
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
    const answer = await answerInbound(trx, key, {
      text: data.body,
      channel,
      conversation: opened.row,
      cooldownSeconds: deps.autoResponseCooldownSeconds,
      replies: policy.reply !== undefined,
    });
    if (answer?.automatic) change.autoResponded = true;
    await saveConversation(trx, opened, change);
    await enqueue(trx, newEvent(MessageCreated, organizationId, toMessage(inbound)));
    if (answer && policy.reply) {
      await queueOutbound(trx, {
        ...key,
        ...policy.reply(inbound, answer.body),
        conversationId: opened.row.id,
        kind: policy,
        automated: true,
        ...(answer.optOutConfirmation && { optOutConfirmation: true as const }),
      });
    }
  });
}
