import { type EventOf, MAX_EMAIL_ATTACHMENTS, type SendEmailMessage, ValidationError } from "@relay/domain";
import type { SendProvider } from "@relay/service-kit";
import type { Transporter } from "nodemailer";
import type { EmailDeps } from "../deps.js";
import { SmtpSendError, toSmtpError } from "../smtp/provider-error.js";
import { composeMail } from "./compose-mail.js";
import { type FetchedAttachment, fetchAttachment } from "./fetch-attachment.js";
import { recordSendOutcome } from "./record-send-outcome.js";

export type EmailSendPayload = EventOf<typeof SendEmailMessage>["data"];

interface Prepared {
  transport: Transporter;
  attachments: FetchedAttachment[];
}

/**
 * SMTP for the adapter kit's send loop. SMTP has no lookup, so an attempt of unknown outcome is
 * simply sent again with the same `Message-ID` header: receiving servers and mail clients
 * recognize the copy by it (no reconciliation window). Attachments are fetched before the call.
 */
export function smtpSendProvider(deps: EmailDeps): SendProvider<EmailSendPayload, Prepared> {
  return {
    async prepare(send) {
      const channel = await deps.directory.channel(send.organization_id, send.channel_id);
      if (channel.type !== "email") throw ValidationError.field("channel_id", "is not an email channel");
      const smtp = await deps.directory.smtpSettings(send.organization_id, channel.id);
      const attachments: FetchedAttachment[] = [];
      for (const url of send.payload.attachment_urls) {
        attachments.push(await fetchAttachment(url, deps.settings.attachments));
      }
      return { transport: deps.transports.for(channel.id, smtp), attachments };
    },

    async deliver(send, { transport, attachments }) {
      await transport.sendMail(composeMail(send.payload, attachments)).catch((error: unknown) => {
        throw toSmtpError(error);
      });
      return undefined;
    },

    settle(send, outcome) {
      if (outcome.status === "sent") return recordSendOutcome(deps, send, { status: "sent" });
      const bounce =
        outcome.error instanceof SmtpSendError && outcome.error.hardBounce ? outcome.error : undefined;
      return recordSendOutcome(deps, send, {
        status: "failed",
        error_code: outcome.error_code,
        error_message: outcome.error_message,
        hard_bounce: bounce !== undefined,
        ...(bounce?.recipient ? { recipient: bounce.recipient } : {}),
      });
    },
  };
}

/** The longest one send can take: SMTP's three timeouts and every attachment fetch. */
export function emailCallMs(settings: EmailDeps["settings"]): number {
  return 3 * settings.smtpTimeoutMs + MAX_EMAIL_ATTACHMENTS * settings.attachments.timeoutMs;
}
