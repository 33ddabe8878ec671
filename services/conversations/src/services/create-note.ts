import {
  type CreateNote,
  ForbiddenError,
  type Message,
  MessageCreated,
  ValidationError,
} from "@relay/domain";
import { type ChannelScope, enqueue, inChannelScope, newEvent } from "@relay/service-kit";
import { insertMessage } from "../db/messages.js";
import type { ConversationsDeps } from "../deps.js";
import { emailPolicy, smsPolicy } from "../policies/index.js";
import { resolveParties } from "../policies/send-parties.js";
import { toMessage } from "./message-view.js";
import { openConversation } from "./open-conversation.js";
import { conversationEvent } from "./open-conversation-for-send.js";
import { syncContact } from "./sync-contact.js";

/**
 * `POST /messaging/note`: an internal note in the conversation of the channel `from` (a phone
 * number, or an email address) with the contact `to` (created when new). It is never sent, so
 * consent is not asked; the conversation is opened when there is none, and otherwise left as it is.
 * A web agent (`scope`) writes only on the channels they may use, as they send.
 */
export async function createNote(
  deps: ConversationsDeps,
  organizationId: string,
  input: CreateNote,
  scope?: ChannelScope,
): Promise<Message> {
  const policy = input.from.includes("@") ? emailPolicy : smsPolicy;
  const parties = await resolveParties(deps, policy, organizationId, input, { checkRecipient: false });
  if (!inChannelScope(scope, parties.channel.id))
    throw new ForbiddenError("you may not write in this channel's conversations");
  if (input.user_id !== undefined) {
    const found = await deps.core.checkAssignee({ organization_id: organizationId, user_id: input.user_id });
    if (found.user_found === false)
      throw ValidationError.field("user_id", "is not a user of this organization");
  }
  const { channel, contact } = parties;
  return deps.transact(async (trx) => {
    if (parties.fromCore) await syncContact(trx, organizationId, contact);
    const conversation = await openConversation(trx, {
      organizationId,
      contactId: contact.id,
      channelId: channel.id,
      channelType: channel.type,
    });
    const row = await insertMessage(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      conversation_id: conversation.row.id,
      contact_id: contact.id,
      channel_id: channel.id,
      type: "note",
      direction: "OUTBOUND",
      body: input.body?.trim() ? input.body : null,
      from_address: parties.from,
      to_address: parties.to,
      delivery_status: "sent",
      media: (input.attachments ?? []).map((url) => ({ url })),
      automated: false,
      user_id: input.user_id ?? null,
    });
    const message = toMessage(row);
    await enqueue(
      trx,
      newEvent(MessageCreated, organizationId, message),
      ...(conversation.created ? [conversationEvent(conversation.row, true)] : []),
    );
    return message;
  });
}
