import { type ChannelMatch, EmailMessageReceived } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { AddressObject, ParsedMail } from "mailparser";
import { insertAttachments, insertInboundMessage } from "../db/inbound.js";
import type { EmailDeps } from "../deps.js";
import { stripQuotedReply } from "./strip-quoted-reply.js";

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value.flatMap((entry) => (entry.address ? [entry.address] : [])));
}

function referencesOf(mail: ParsedMail): string[] {
  const refs = mail.references;
  return refs === undefined ? [] : Array.isArray(refs) ? refs : refs.split(/\s+/).filter(Boolean);
}

/**
 * Stores a received mail for one channel and reports it (`email.message.received`), in one
 * transaction. A Message-ID the channel already has is a duplicate delivery: nothing happens.
 */
export async function receiveMail(deps: EmailDeps, mail: ParsedMail, match: ChannelMatch): Promise<boolean> {
  const providerMessageId = mail.messageId ?? `<${crypto.randomUUID()}@relay.invalid>`;
  const sender = mail.from?.value[0];
  const kept = mail.attachments.filter((part) => part.size <= deps.settings.inboundAttachmentMaxBytes);
  if (kept.length < mail.attachments.length) {
    deps.logger.warn(
      { message_id: providerMessageId, dropped: mail.attachments.length - kept.length },
      "inbound attachments over the size limit dropped",
    );
  }
  const stored = kept.map((part) => ({
    id: crypto.randomUUID(),
    filename: part.filename ?? null,
    content_type: part.contentType,
    size: part.size,
    content: part.content,
  }));
  const fullText = mail.text ?? "";
  return deps.transact(async (trx) => {
    const id = await insertInboundMessage(trx, {
      id: crypto.randomUUID(),
      organization_id: match.organization_id,
      channel_id: match.channel.id,
      provider_message_id: providerMessageId,
      from_address: sender?.address ?? "",
      subject: mail.subject ?? "",
    });
    if (!id) return false;
    await insertAttachments(
      trx,
      stored.map((row) => ({ ...row, inbound_message_id: id })),
    );
    await enqueue(
      trx,
      newEvent(EmailMessageReceived, match.organization_id, {
        channel_id: match.channel.id,
        provider_message_id: providerMessageId,
        from: sender?.address ?? "",
        ...(sender?.name ? { from_name: sender.name } : {}),
        to: addresses(mail.to),
        cc: addresses(mail.cc),
        subject: mail.subject ?? "",
        text: stripQuotedReply(fullText),
        full_text: fullText,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.inReplyTo ? { in_reply_to: mail.inReplyTo } : {}),
        references: referencesOf(mail),
        attachments: stored.map((row) => ({
          ...(row.filename ? { filename: row.filename } : {}),
          content_type: row.content_type,
          size: row.size,
          url: `${deps.settings.publicBaseUrl}/webhooks/email/attachments/${row.id}`,
        })),
        received_at: (mail.date ?? new Date()).toISOString(),
      }),
    );
    return true;
  });
}
