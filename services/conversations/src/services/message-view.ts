import { CallStatus, DeliveryStatus, Direction, type Message, MessageType } from "@relay/domain";
import type { MessageRow } from "../db/schema.js";

/** The public shape: `attachments` are the media's URLs (the contract), `media` adds their types. */
export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    conversation_id: row.conversation_id,
    contact_id: row.contact_id,
    channel_id: row.channel_id,
    type: MessageType.parse(row.type),
    direction: Direction.parse(row.direction),
    source_type: row.type === "note" ? "NOTE" : Direction.parse(row.direction),
    from: row.from_address,
    to: row.to_address,
    delivery_status: DeliveryStatus.parse(row.delivery_status),
    attachments: row.media.map((media) => media.url),
    media: row.media,
    automated: row.automated,
    campaign_id: row.campaign_id ?? "",
    campaign_contact_id: row.campaign_contact_id ?? "",
    step_id: row.step_id ?? "",
    step_contact_id: row.step_contact_id ?? "",
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
  if (row.body !== null) message.body = row.body;
  if (row.provider_message_id !== null) message.provider_message_id = row.provider_message_id;
  if (row.error_code !== null) message.error_code = row.error_code;
  if (row.error_message !== null) message.error_message = row.error_message;
  if (row.schedule_at !== null) message.schedule_at = row.schedule_at.toISOString();
  if (row.email !== null) message.email = row.email;
  if (row.whatsapp !== null) message.whatsapp = row.whatsapp;
  if (row.user_id !== null) message.user_id = row.user_id;
  if (row.type === "call" && row.call_status !== null) {
    message.call = { status: CallStatus.parse(row.call_status) };
    if (row.call_duration_seconds !== null) message.call.duration_seconds = row.call_duration_seconds;
    if (row.recording_url !== null) message.call.recording_url = row.recording_url;
    if (row.recording_duration_seconds !== null)
      message.call.recording_duration_seconds = row.recording_duration_seconds;
  }
  return message;
}
