import { type Channel, MessageCreated, type ReceivedMessage } from "@relay/domain";
import { claimEvents, enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { lockConsent } from "../db/consents.js";
import { findLiveContacts } from "../db/contacts-lookup.js";
import { insertMessageOnce } from "../db/messages.js";
import type { ConversationsDB } from "../db/schema.js";
import type { ConversationsDeps } from "../deps.js";
import type { ReceivePolicy, Recipient } from "../policies/policy.js";
import { answerInbound } from "./answer-inbound.js";
import { eventChannel } from "./event-channel.js";
import { toMessage } from "./message-view.js";
import { openConversation } from "./open-conversation.js";
import { fromProjection, only } from "./projected-contacts.js";
import { queueOutbound } from "./queue-outbound.js";
import { type ConversationChange, saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";

/** An adapter's inbound event, parsed. */
interface ReceivedEvent<R> {
  id: string;
  organization_id: string;
  data: R;
}

/** An event with what it needs from outside the transaction: its channel and sender. */
interface Placed<R> {
  event: ReceivedEvent<R>;
  channel: Channel;
  contact: Recipient;
  /** Core answered for the sender, so the projection may not have it (or this version) yet. */
  fromCore: boolean;
}

/** Senders the contacts projection knows, by organization and number: one query per organization. */
async function projectedSenders<R extends ReceivedMessage>(
  deps: ConversationsDeps,
  policy: ReceivePolicy<R>,
  events: ReceivedEvent<R>[],
): Promise<(event: ReceivedEvent<R>) => Recipient | undefined> {
  const { senderPhone } = policy;
  if (!senderPhone) return () => undefined;
  const phones = new Map<string, Set<string>>();
  for (const event of events) {
    const phone = senderPhone(event.data);
    if (phone) phones.set(event.organization_id, (phones.get(event.organization_id) ?? new Set()).add(phone));
  }
  const found = new Map(
    await Promise.all(
      [...phones].map(async ([organizationId, numbers]) => {
        const rows = await findLiveContacts(deps.db, organizationId, {
          ids: [],
          phones: [...numbers],
          emails: [],
        });
        return [organizationId, only(rows, (row) => row.phone)] as const;
      }),
    ),
  );
  return (event) => {
    const row = found.get(event.organization_id)?.(senderPhone(event.data));
    return row ? fromProjection(row) : undefined;
  };
}

/** The channel and sender of an event; undefined (logged) when it cannot be stored. */
async function place<R extends ReceivedMessage>(
  deps: ConversationsDeps,
  policy: ReceivePolicy<R>,
  event: ReceivedEvent<R>,
  known: Recipient | undefined,
): Promise<Placed<R> | undefined> {
  const organizationId = event.organization_id;
  const where = { channel: policy.channelType, channel_id: event.data.channel_id, event_id: event.id };
  const channel = await eventChannel(deps, organizationId, event.data.channel_id);
  if (!channel) return void deps.logger.warn(where, "inbound message for an unknown channel");
  if (known) return { event, channel, contact: known, fromCore: false };
  const contact = await policy.resolveSender(deps, organizationId, event.data);
  if (!contact) return void deps.logger.warn(where, "inbound message from an impossible address; dropped");
  return { event, channel, contact, fromCore: true };
}

/**
 * Inbound messages on any channel, read through its policy, many in one transaction (one
 * commit, one inbox insert, one outbox insert for all); each as it would be alone, in order:
 * the sender's contact (from the contacts projection when it holds the number, else core's,
 * created if new), the conversation (the thread it answers, else the
 * contact's on the channel, created or reopened when closed), the message stored `received`,
 * one more unread, then the keyword's effect and answer or the channel's automatic reply (none
 * on email). Each event runs once (`consumer` inbox) and once per provider message id on the channel.
 */
export async function receiveMessages<R extends ReceivedMessage>(
  deps: ConversationsDeps,
  policy: ReceivePolicy<R>,
  events: ReceivedEvent<R>[],
  consumer: string,
): Promise<void> {
  const known = await projectedSenders(deps, policy, events);
  const placed = (await Promise.all(events.map((event) => place(deps, policy, event, known(event))))).filter(
    (item): item is Placed<R> => item !== undefined,
  );
  if (placed.length === 0) return;
  await deps.transact(async (trx) => {
    const fresh = await claimEvents(
      trx,
      consumer,
      placed.map((item) => item.event.id),
    );
    // A repeat inside one batch is stored once, like one across batches.
    for (const item of placed) {
      if (fresh.delete(item.event.id.toLowerCase())) await store(trx, deps, policy, item);
    }
  });
}

/** One inbound message, inside the batch's transaction. */
async function store<R extends ReceivedMessage>(
  trx: Transaction<ConversationsDB>,
  deps: ConversationsDeps,
  policy: ReceivePolicy<R>,
  { event, channel, contact, fromCore }: Placed<R>,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  const key = { organizationId, contactId: contact.id, channelId: channel.id };
  await lockConsent(trx, key);
  // A sender the projection answered for is stored there already, at that version.
  if (fromCore) await syncContact(trx, organizationId, contact);
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
}
