import { WhatsAppMessageReceived } from "@relay/domain";
import { enqueue, insertWebhook, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import type { WhatsAppDB } from "../db/schema.js";
import type { ChangeValue, InboundMessage } from "../graph/webhook-payload.js";
import type { WebhookSource } from "./authenticate-webhook.js";

const MEDIA_TYPES = ["image", "document", "audio", "video", "sticker"] as const;

/** The text of a message: its body, a caption, or the tapped button's text / title. */
function bodyOf(message: InboundMessage): string {
  if (message.text) return message.text.body;
  if (message.button) return message.button.text;
  const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
  if (reply) return reply.title;
  return "";
}

function mediaOf(message: InboundMessage) {
  return MEDIA_TYPES.flatMap((type) => {
    const media = message[type];
    return media ? [{ id: media.id, mime_type: media.mime_type, caption: media.caption }] : [];
  });
}

/** An inbound message: stored once per wamid and announced (`whatsapp.message.received`) in the same transaction. */
export async function receiveInboundMessage(
  trx: Transaction<WhatsAppDB>,
  source: WebhookSource,
  value: ChangeValue,
  message: InboundMessage,
): Promise<boolean> {
  const fresh = await insertWebhook(trx, {
    kind: "message",
    dedupe_key: message.id,
    organization_id: source.organizationId,
    channel_id: source.channelId,
    provider_id: message.id,
    payload: message,
  });
  if (!fresh) return false;
  const seconds = Number(message.timestamp);
  const receivedAt = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
  await enqueue(
    trx,
    newEvent(WhatsAppMessageReceived, source.organizationId, {
      channel_id: source.channelId,
      provider_message_id: message.id,
      from: `+${message.from.replace(/\D/g, "")}`,
      to: `+${value.metadata.display_phone_number.replace(/\D/g, "")}`,
      type: message.type,
      body: bodyOf(message),
      media: mediaOf(message),
      received_at: receivedAt.toISOString(),
    }),
  );
  return true;
}
