import {
  AppError,
  type EventOf,
  ProviderError,
  type SendEmailMessage,
  UnavailableError,
  ValidationError,
} from "@relay/domain";
import type { SendRow } from "../db/schema.js";
import { claimSend, updateSend } from "../db/sends.js";
import type { EmailDeps } from "../deps.js";
import { SmtpSendError, toSmtpError } from "../smtp/provider-error.js";
import { composeMail } from "./compose-mail.js";
import { fetchAttachment } from "./fetch-attachment.js";
import { recordSendOutcome } from "./record-send-outcome.js";

/** How much longer than the SMTP timeouts a delivery holds a message. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Handles `cmd.email.send` once per message id, however often it is delivered: take the
 * message's lease, fetch attachments, send through the channel's pooled transport, record and
 * report the outcome. 4xx / connection errors are retried until SEND_MAX_ATTEMPTS; 5xx fail.
 */
export async function sendMessage(
  deps: EmailDeps,
  command: EventOf<typeof SendEmailMessage>,
  context: { lastDelivery: boolean },
): Promise<void> {
  const { data } = command;
  const leaseMs = 3 * deps.settings.smtpTimeoutMs + deps.settings.attachments.timeoutMs + LEASE_MARGIN_MS;
  const claim = await claimSend(
    deps.db,
    {
      message_id: data.message_id,
      organization_id: command.organization_id,
      channel_id: data.channel_id,
      message_id_header: data.message_id_header,
    },
    leaseMs,
  );
  if (claim.kind === "done") return;
  if (claim.kind === "busy") throw new UnavailableError(`message ${data.message_id} is being sent elsewhere`);
  const send = claim.send;
  try {
    const channel = await deps.directory.channel(command.organization_id, data.channel_id);
    if (channel.type !== "email") throw ValidationError.field("channel_id", "is not an email channel");
    const smtp = await deps.directory.smtpSettings(command.organization_id, channel.id);
    const attachments = [];
    for (const url of data.attachment_urls)
      attachments.push(await fetchAttachment(url, deps.settings.attachments));
    await deps.transports
      .for(channel.id, smtp)
      .sendMail(composeMail(data, attachments))
      .catch((error: unknown) => {
        throw toSmtpError(error);
      });
    await recordSendOutcome(deps, send, { status: "sent" });
  } catch (error) {
    await settleFailure(deps, send, error, context.lastDelivery);
  }
}

/** Will this failure ever go away by itself? Client mistakes and missing channels will not. */
function isFinal(error: unknown, attempts: number, maxAttempts: number): boolean {
  if (error instanceof ProviderError) return !error.retryable || attempts >= maxAttempts;
  if (error instanceof AppError) return error.code === "not_found" || error.code === "validation_failed";
  return attempts >= maxAttempts;
}

async function settleFailure(
  deps: EmailDeps,
  send: SendRow,
  error: unknown,
  lastDelivery: boolean,
): Promise<void> {
  const code =
    error instanceof ProviderError ? error.providerCode : error instanceof AppError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (lastDelivery || isFinal(error, send.attempts, deps.settings.sendMaxAttempts)) {
    deps.logger.warn({ err: error, message_id: send.message_id, attempts: send.attempts }, "send failed");
    const bounce = error instanceof SmtpSendError && error.hardBounce;
    await recordSendOutcome(deps, send, {
      status: "failed",
      error_code: code,
      error_message: message,
      hard_bounce: bounce,
      ...(bounce && error.recipient ? { recipient: error.recipient } : {}),
    });
    return;
  }
  await updateSend(deps.db, send.message_id, { status: "sending", error_code: code, error_message: message });
  throw error instanceof AppError ? error : new UnavailableError(message, error);
}
