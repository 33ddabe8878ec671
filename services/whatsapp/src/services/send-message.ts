import {
  AppError,
  type EventOf,
  ProviderError,
  type SendWhatsAppMessage,
  UnavailableError,
  ValidationError,
} from "@relay/domain";
import type { SendRow } from "../db/schema.js";
import { claimSend, releaseSend, startAttempt } from "../db/sends.js";
import type { WhatsAppDeps } from "../deps.js";
import { messageBody } from "../graph/message-body.js";
import { postMessage } from "../graph/post-message.js";
import { recordSendOutcome } from "./record-send-outcome.js";

/** How much longer than one Graph request a delivery holds a message. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Handles `cmd.whatsapp.send` once per message id, however often it is delivered: take the
 * message's lease, call the Graph API, record and report the outcome. Meta's 4xx answers fail the
 * message with Meta's code; 429/5xx/network errors are retried (thrown as retryable) until
 * SEND_MAX_ATTEMPTS calls have been made.
 */
export async function sendMessage(
  deps: WhatsAppDeps,
  command: EventOf<typeof SendWhatsAppMessage>,
  context: { lastDelivery: boolean },
): Promise<void> {
  const { data } = command;
  const leaseMs = deps.settings.timeoutMs + LEASE_MARGIN_MS;
  const claim = await claimSend(
    deps.db,
    { message_id: data.message_id, organization_id: command.organization_id, channel_id: data.channel_id },
    leaseMs,
  );
  if (claim.kind === "done") return;
  if (claim.kind === "busy") throw new UnavailableError(`message ${data.message_id} is being sent elsewhere`);
  const send = claim.send;
  let attempts = send.attempts;
  try {
    const channel = await deps.directory.channel(command.organization_id, data.channel_id);
    if (channel.type !== "whatsapp") throw ValidationError.field("channel_id", "is not a WhatsApp channel");
    const account = await deps.directory.account(command.organization_id, channel.id);
    const body = messageBody(data);
    attempts = await startAttempt(deps.db, send.message_id, leaseMs);
    const wamid = await postMessage(account, deps.settings, body);
    await recordSendOutcome(deps, send, { status: "sent", provider_message_id: wamid });
  } catch (error) {
    await settleFailure(deps, send, error, { attempts, lastDelivery: context.lastDelivery });
  }
}

/** Will this failure ever go away by itself? Client mistakes and missing channels will not. */
function isFinal(error: unknown, attempts: number, maxAttempts: number): boolean {
  if (error instanceof ProviderError) return !error.retryable || attempts >= maxAttempts;
  if (error instanceof AppError) return error.code === "not_found" || error.code === "validation_failed";
  return false;
}

async function settleFailure(
  deps: WhatsAppDeps,
  send: SendRow,
  error: unknown,
  state: { attempts: number; lastDelivery: boolean },
): Promise<void> {
  const code = error instanceof ProviderError ? error.providerCode : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (state.lastDelivery || isFinal(error, state.attempts, deps.settings.sendMaxAttempts)) {
    deps.logger.warn({ err: error, message_id: send.message_id, attempts: state.attempts }, "send failed");
    await recordSendOutcome(deps, send, { status: "failed", error_code: code, error_message: message });
    return;
  }
  await releaseSend(deps.db, send.message_id, { code, message });
  throw error;
}
