import { type EventOf, SendEmailMessage, SendPhoneMessage, SendWhatsAppMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { MessageRow } from "../db/schema.js";

export type SendCommand =
  | EventOf<typeof SendPhoneMessage>
  | EventOf<typeof SendEmailMessage>
  | EventOf<typeof SendWhatsAppMessage>;

/**
 * The command that hands a stored outbound message to its adapter: `cmd.email.send` for an
 * email, `cmd.whatsapp.send` for a WhatsApp message, `cmd.phone.send` otherwise.
 */
export function sendCommand(row: MessageRow): SendCommand {
  if (row.type === "email") return emailCommand(row);
  if (row.type === "whatsapp") return whatsAppCommand(row);
  return newEvent(SendPhoneMessage, row.organization_id, {
    message_id: row.id,
    channel_id: row.channel_id,
    from: row.from_address,
    to: row.to_address,
    ...(row.body !== null && { body: row.body }),
    media_urls: row.media.map((media) => media.url),
  });
}

function emailCommand(row: MessageRow): EventOf<typeof SendEmailMessage> {
  const email = row.email;
  if (!email || row.message_id_header === null)
    throw new Error(`email message ${row.id} has no email details`);
  return newEvent(SendEmailMessage, row.organization_id, {
    message_id: row.id,
    channel_id: row.channel_id,
    from: row.from_address,
    ...(email.sender_name !== undefined && { sender_name: email.sender_name }),
    to: row.to_address,
    cc: email.cc,
    bcc: email.bcc,
    ...(email.reply_to !== undefined && { reply_to: email.reply_to }),
    subject: email.subject,
    text: email.text ?? row.body ?? "",
    html: email.html ?? "",
    attachment_urls: row.media.map((media) => media.url),
    message_id_header: row.message_id_header,
    ...(email.in_reply_to !== undefined && { in_reply_to: email.in_reply_to }),
    references: email.references,
    ...(email.list_unsubscribe_url !== undefined && { list_unsubscribe_url: email.list_unsubscribe_url }),
  });
}

/** `to` as the Graph API takes it: the number's digits, without `+`. */
function whatsAppCommand(row: MessageRow): EventOf<typeof SendWhatsAppMessage> {
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
