import {
  AppError,
  type Channel,
  type SendWhatsApp,
  type SentMessage,
  ValidationError,
  type WhatsAppDetails,
} from "@relay/domain";
import type { IdempotencyKey } from "@relay/service-kit";
import { lockConsent } from "../db/consents.js";
import type { ConversationsDeps } from "../deps.js";
import { applyOptIns } from "./apply-opt-ins.js";
import { openConversation } from "./open-conversation.js";
import { queueOutbound } from "./queue-outbound.js";
import { resolveOptIns } from "./resolve-opt-ins.js";
import { resolveRecipient } from "./resolve-send-parties.js";
import { saveConversation } from "./save-conversation.js";
import { syncContact } from "./sync-contact.js";
import { assertWithinWindow, mediaTypeOf } from "./whatsapp-window.js";

const isCode = (error: unknown, code: string) => error instanceof AppError && error.code === code;

/** The WhatsApp channel a send goes out on, by its number; anything else is a 422 naming `from`. */
export async function resolveWhatsAppChannel(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  from: string,
): Promise<Channel> {
  try {
    return await deps.core.resolveChannel({
      organization_id: organizationId,
      address: from,
      type: "whatsapp",
    });
  } catch (error) {
    if (isCode(error, "not_found") || isCode(error, "validation_failed")) {
      throw ValidationError.field(
        "from",
        "is not the number of one of this organization's WhatsApp channels",
      );
    }
    throw error;
  }
}

/** Template, media (the first attachment; `body` is its caption) or text. */
function detailsOf(input: SendWhatsApp): WhatsAppDetails {
  if (input.template) return { kind: "template", template: input.template };
  const url = input.attachments?.[0];
  if (url !== undefined) return { kind: "media", media_type: mediaTypeOf(url) };
  return { kind: "text" };
}

/**
 * `POST /messaging/whatsapp`: the SMS pipeline (channel by `from`, contact by `to`, opt-ins,
 * consent lock and check, conversation, `queued` or `scheduled`) plus the 24-hour window:
 * free-form (text, media) only within 24 hours of the contact's last inbound message on the
 * channel (422 naming `body` otherwise); templates any time. One transaction.
 */
export async function sendWhatsApp(
  deps: ConversationsDeps,
  organizationId: string,
  input: SendWhatsApp,
  idempotency?: IdempotencyKey,
): Promise<SentMessage> {
  const channel = await resolveWhatsAppChannel(deps, organizationId, input.from);
  const contact = await resolveRecipient(deps, organizationId, input.to);
  const optIns = await resolveOptIns(deps, organizationId, input);
  const scheduleAt = input.schedule_at === undefined ? undefined : new Date(input.schedule_at);
  const later = scheduleAt !== undefined && scheduleAt.getTime() > Date.now();
  const automated = input.conversation_status === "automated";
  const key = { organizationId, contactId: contact.id, channelId: channel.id };
  const details = detailsOf(input);
  const body = details.kind === "template" ? undefined : input.body?.trim() ? input.body : undefined;

  return deps.transact(
    async (trx) => {
      for (const channelId of [...new Set([...optIns, channel.id])].sort()) {
        await lockConsent(trx, { ...key, channelId });
      }
      if (details.kind !== "template") await assertWithinWindow(trx, key);
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
        ...(body !== undefined && { body }),
        mediaUrls: details.kind === "media" ? (input.attachments ?? []).slice(0, 1) : [],
        automated,
        whatsapp: details,
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
