import type { SendSms, SentMessage } from "@relay/domain";
import type { IdempotencyKey } from "@relay/service-kit";
import { lockConsent } from "../db/consents.js";
import type { ConversationsDeps } from "../deps.js";
import { applyOptIns } from "./apply-opt-ins.js";
import { openConversation } from "./open-conversation.js";
import { queueOutbound } from "./queue-outbound.js";
import { resolveOptIns } from "./resolve-opt-ins.js";
import { resolveRecipient, resolveSenderChannel } from "./resolve-send-parties.js";
import { saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";

/**
 * `POST /messaging/sms`: channel by `from`, contact by `to` (created if new), the request's
 * opt-ins, the consent check (422 when opted out), the conversation found or opened, and the
 * message stored `queued` with its `cmd.phone.send`, or `scheduled` when `schedule_at` is
 * still ahead. One transaction: all of it happens, or none.
 */
export async function sendSms(
  deps: ConversationsDeps,
  organizationId: string,
  input: SendSms,
  idempotency?: IdempotencyKey,
): Promise<SentMessage> {
  const channel = await resolveSenderChannel(deps, organizationId, input.from);
  const contact = await resolveRecipient(deps, organizationId, input.to);
  const optIns = await resolveOptIns(deps, organizationId, input);
  const scheduleAt = input.schedule_at === undefined ? undefined : new Date(input.schedule_at);
  const later = scheduleAt !== undefined && scheduleAt.getTime() > Date.now();
  // Sent on the caller's declaration that this is automation; anything else is a reply.
  const automated = input.conversation_status === "automated";
  const key = { organizationId, contactId: contact.id, channelId: channel.id };

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
      const row = await queueOutbound(trx, {
        ...key,
        conversationId: opened.row.id,
        from: channel.phone ?? input.from,
        to: contact.phone,
        ...(input.body?.trim() ? { body: input.body } : {}),
        mediaUrls: input.attachments ?? [],
        automated,
        ...(later && { scheduleAt }),
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
