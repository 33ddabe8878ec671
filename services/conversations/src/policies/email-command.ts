import { type EventOf, SendEmailMessage } from "@relay/domain";
import { newEvent } from "@relay/service-kit";
import type { MessageRow } from "../db/schema.js";

/** `cmd.email.send` for a stored email: its parts, copies and threading headers as composed. */
export function emailCommand(row: MessageRow): EventOf<typeof SendEmailMessage> {
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
