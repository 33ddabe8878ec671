import {
  AppError,
  EmailMessageReceived,
  EmailMessageStatus,
  type EventOf,
  type SendEmail,
  ValidationError,
} from "@relay/domain";
import { findSuppression, suppress } from "../db/suppressions.js";
import { RecipientRefused } from "../services/recipient-refused.js";
import { emailCommand } from "./email-command.js";
import { composeEmail } from "./email-compose.js";
import { findMailThread } from "./email-thread.js";
import type { ChannelPolicy } from "./policy.js";
import { resolveSenderChannel } from "./send-parties.js";

type Received = EventOf<typeof EmailMessageReceived>["data"];

export const BOUNCED_ERROR_CODE = "hard_bounced";

export function bouncedError(reason: string): RecipientRefused {
  return new RecipientRefused("hard_bounced", `to: the address bounced permanently (${reason})`, [
    { field: "to", message: `bounced permanently (${reason})` },
  ]);
}

const NOT_A_CHANNEL = "is not the address of one of this organization's email channels";

/**
 * Email: addressed by email address; an address that bounced permanently on the channel is
 * refused before anything is queued (and fails a scheduled send); threading, subject and
 * List-Unsubscribe composed here; inbound mail threads on its headers; no automatic replies.
 */
export const emailPolicy: ChannelPolicy<SendEmail, Received> = {
  channelType: "email",
  messageType: "email",
  received: EmailMessageReceived,
  status: EmailMessageStatus,

  recipientBy: "email",

  async senderChannel(deps, organizationId, from) {
    if (!from.includes("@")) throw ValidationError.field("from", NOT_A_CHANNEL);
    return resolveSenderChannel(deps, organizationId, { from, type: "email", notAChannel: NOT_A_CHANNEL });
  },

  async checkRecipient(db, key, to) {
    const reason = await findSuppression(db, { ...key, address: to });
    if (reason !== undefined) throw bouncedError(reason);
  },

  addresses(channel, contact, input) {
    const to = input.to ?? contact.email?.toLowerCase();
    if (to === undefined) throw ValidationError.field("to", "must be a valid email address");
    return { from: (channel.address ?? input.from).toLowerCase(), to };
  },

  compose: (trx, deps, send) => composeEmail(trx, deps, send),
  command: emailCommand,

  async recheck(trx, row) {
    const reason = await findSuppression(trx, {
      organizationId: row.organization_id,
      channelId: row.channel_id,
      address: row.to_address,
    });
    if (reason === undefined) return undefined;
    return {
      error_code: BOUNCED_ERROR_CODE,
      error_message: `the address bounced permanently (${reason}); nothing was sent`,
    };
  },

  async resolveSender(deps, organizationId, mail) {
    const name = mail.from_name?.trim();
    try {
      return await deps.core.resolveContact({
        organization_id: organizationId,
        email: mail.from.trim().toLowerCase(),
        ...(name ? { name: name.slice(0, 255) } : {}),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") return undefined;
      throw error;
    }
  },

  findThread: (trx, organizationId, channel, mail) => findMailThread(trx, organizationId, channel, mail),

  inbound: (mail, { channel, contact }) => ({
    body: mail.text,
    from_address: contact.email ?? mail.from.trim().toLowerCase(),
    to_address: channel.address ?? mail.to[0] ?? "",
    media: mail.attachments.flatMap((attachment) =>
      attachment.url ? [{ url: attachment.url, content_type: attachment.content_type }] : [],
    ),
    message_id_header: mail.provider_message_id,
    email: {
      subject: mail.subject,
      cc: mail.cc,
      bcc: [],
      to: mail.to,
      ...(mail.from_name !== undefined && { from_name: mail.from_name }),
      text: mail.full_text,
      ...(mail.html !== undefined && { html: mail.html }),
      message_id_header: mail.provider_message_id,
      ...(mail.in_reply_to !== undefined && { in_reply_to: mail.in_reply_to }),
      references: mail.references,
      attachments: mail.attachments,
    },
  }),

  // A hard bounce makes the address undeliverable on the channel: the next send is refused.
  async afterStatus(trx, row, report) {
    if (!report.email?.hard_bounce) return;
    const reason =
      [report.error_code, report.error_message]
        .filter((part) => part !== undefined && part !== "")
        .join(" ") || "hard bounce";
    const address = report.email.recipient ?? row.to_address;
    await suppress(trx, { organizationId: row.organization_id, channelId: row.channel_id, address }, reason);
  },
};
