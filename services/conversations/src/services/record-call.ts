import {
  CallStatus,
  type EventOf,
  MessageCreated,
  MessageUpdated,
  type PhoneCallUpdated,
} from "@relay/domain";
import { claimEvent, enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { findByProviderId, insertMessageOnce, type MessagePatch, updateMessage } from "../db/messages.js";
import type { ConversationsDB, MessageRow } from "../db/schema.js";
import type { ConversationsDeps } from "../deps.js";
import { callCanAdvance, callDeliveryStatus } from "./call-status.js";
import { eventChannel } from "./event-channel.js";
import { toMessage } from "./message-view.js";
import { openConversation } from "./open-conversation.js";
import { type ConversationChange, saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";

type CallData = EventOf<typeof PhoneCallUpdated>["data"];

/** What a later event adds to a stored call: a further status, the duration, a voicemail. */
function mergeCall(row: MessageRow, data: CallData): MessagePatch {
  const patch: MessagePatch = {};
  const current = CallStatus.parse(row.call_status);
  if (callCanAdvance(current, data.status)) {
    patch.call_status = data.status;
    patch.delivery_status = callDeliveryStatus(data.direction, data.status);
  }
  if (data.duration_seconds !== undefined && data.duration_seconds !== row.call_duration_seconds)
    patch.call_duration_seconds = data.duration_seconds;
  if (data.recording_url !== undefined && data.recording_url !== row.recording_url)
    patch.recording_url = data.recording_url;
  if (
    data.recording_duration_seconds !== undefined &&
    data.recording_duration_seconds !== row.recording_duration_seconds
  )
    patch.recording_duration_seconds = data.recording_duration_seconds;
  return patch;
}

async function updateCall(
  trx: Transaction<ConversationsDB>,
  organizationId: string,
  key: { channelId: string; providerId: string },
  data: CallData,
): Promise<void> {
  const row = await findByProviderId(trx, organizationId, { ...key, type: "call" }, { forUpdate: true });
  if (!row) throw new Error("a call vanished inside its transaction");
  const patch = mergeCall(row, data);
  if (Object.keys(patch).length === 0) return;
  const updated = await updateMessage(trx, organizationId, row.id, patch);
  if (updated) await enqueue(trx, newEvent(MessageUpdated, organizationId, toMessage(updated)));
}

/**
 * A call started, progressed or left a voicemail: one call event (a message of type `call`) per
 * call id in the contact's conversation, created on its first event and updated by the later
 * ones (statuses forward only). A new inbound call counts as unread and reopens a closed conversation.
 */
export async function recordCall(
  deps: ConversationsDeps,
  event: EventOf<typeof PhoneCallUpdated>,
  consumer: string,
): Promise<void> {
  const organizationId = event.organization_id;
  const data = event.data;
  const channel = await eventChannel(deps, organizationId, data.channel_id);
  if (!channel) {
    deps.logger.warn({ channel_id: data.channel_id, event_id: event.id }, "call on an unknown channel");
    return;
  }
  const inbound = data.direction === "INBOUND";
  const contact = await deps.core.resolveContact({
    organization_id: organizationId,
    phone: inbound ? data.from : data.to,
  });
  const key = { organizationId, contactId: contact.id, channelId: channel.id };

  await deps.transact(async (trx) => {
    if (!(await claimEvent(trx, consumer, event.id))) return;
    await syncContact(trx, organizationId, contact);
    const opened = await openConversation(trx, { ...key, channelType: channel.type });
    const created = await insertMessageOnce(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      conversation_id: opened.row.id,
      contact_id: contact.id,
      channel_id: channel.id,
      type: "call",
      direction: data.direction,
      body: null,
      from_address: data.from,
      to_address: data.to,
      delivery_status: callDeliveryStatus(data.direction, data.status),
      media: [],
      automated: false,
      provider_message_id: data.provider_call_id,
      error_code: null,
      error_message: null,
      schedule_at: null,
      call_status: data.status,
      call_duration_seconds: data.duration_seconds ?? null,
      recording_url: data.recording_url ?? null,
      recording_duration_seconds: data.recording_duration_seconds ?? null,
    });
    if (!created) {
      await updateCall(
        trx,
        organizationId,
        { channelId: channel.id, providerId: data.provider_call_id },
        data,
      );
      return;
    }
    const change: ConversationChange = { messaged: true };
    if (inbound) change.unread = "increment";
    if (inbound && opened.row.status === "closed") change.status = "open";
    await saveConversation(trx, opened, change);
    await enqueue(trx, newEvent(MessageCreated, organizationId, toMessage(created)));
  });
}
