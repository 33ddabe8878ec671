import { type EventOf, SendWhatsAppMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { MessageRow } from "../db/schema.js";

/** `cmd.whatsapp.send`: a template, a media message (its caption the body) or text; `to` as digits without `+`. */
export function whatsAppCommand(row: MessageRow): EventOf<typeof SendWhatsAppMessage> {
  const details = row.whatsapp;
  if (!details) throw new Error(`whatsapp message ${row.id} has no whatsapp details`);
  const base = {
    message_id: row.id,
    channel_id: row.channel_id,
    to: row.to_address.replace(/\D/g, ""),
  };
  const media = row.media[0];
  if (details.kind === "template" && details.template) {
    return newEvent(SendWhatsAppMessage, row.organization_id, {
      ...base,
      kind: "template",
      template: details.template,
    });
  }
  if (details.kind === "media" && media && details.media_type) {
    return newEvent(SendWhatsAppMessage, row.organization_id, {
      ...base,
      kind: "media",
      media: { type: details.media_type, url: media.url, ...(row.body !== null && { caption: row.body }) },
    });
  }
  return newEvent(SendWhatsAppMessage, row.organization_id, { ...base, kind: "text", body: row.body ?? "" });
}
