import { type EventOf, SendPhoneMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { MessageRow } from "../db/schema.js";

/** The `cmd.phone.send` that hands a stored outbound message to the phone adapter. */
export function sendCommand(row: MessageRow): EventOf<typeof SendPhoneMessage> {
  return newEvent(SendPhoneMessage, row.organization_id, {
    message_id: row.id,
    channel_id: row.channel_id,
    from: row.from_address,
    to: row.to_address,
    ...(row.body !== null && { body: row.body }),
    media_urls: row.media.map((media) => media.url),
  });
}
