import type { EventOf, SendEmailMessage } from "@relay/domain";
import type { SendMailOptions } from "nodemailer";
import type { FetchedAttachment } from "./fetch-attachment.js";

/** The nodemailer message for a `cmd.email.send`: our Message-ID, threading and unsubscribe headers. */
export function composeMail(
  data: EventOf<typeof SendEmailMessage>["data"],
  attachments: FetchedAttachment[],
): SendMailOptions {
  return {
    from: data.sender_name ? { name: data.sender_name, address: data.from } : data.from,
    to: data.to,
    ...(data.cc.length > 0 ? { cc: data.cc } : {}),
    ...(data.bcc.length > 0 ? { bcc: data.bcc } : {}),
    ...(data.reply_to ? { replyTo: data.reply_to } : {}),
    subject: data.subject,
    text: data.text,
    html: data.html,
    messageId: data.message_id_header,
    ...(data.in_reply_to ? { inReplyTo: data.in_reply_to } : {}),
    ...(data.references.length > 0 ? { references: data.references } : {}),
    ...(data.list_unsubscribe_url
      ? {
          headers: {
            "List-Unsubscribe": `<${data.list_unsubscribe_url}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          },
        }
      : {}),
    attachments: attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
  };
}
