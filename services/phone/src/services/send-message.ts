import {
  AppError,
  type Channel,
  type EventOf,
  ProviderError,
  type SendPhoneMessage,
  UnavailableError,
  ValidationError,
} from "@relay/domain";
import type { SendRow } from "../db/schema.js";
import { reserveSendSlot } from "../db/send-slots.js";
import { claimSend, releaseSend, startAttempt } from "../db/sends.js";
import type { PhoneDeps } from "../deps.js";
import type { TwilioAccount } from "../twilio/clients.js";
import { toProviderError } from "../twilio/provider-error.js";
import { pause } from "./pause.js";
import { recordSendOutcome } from "./record-send-outcome.js";

export interface SendContext {
  /** Tells the bus this message is still being worked on (long pacing waits). */
  heartbeat?: () => void;
  /** The bus will not deliver it again: fail the message instead of asking for a retry. */
  lastDelivery: boolean;
  /** Aborts a pacing wait at shutdown; the message is then retried. */
  signal?: AbortSignal;
}

/** How much longer than one Twilio request a delivery holds a message. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Handles `cmd.phone.send` once per message id, however often it is delivered: take the
 * message's lease, pace to the channel's send rate, call Twilio, record and report the outcome.
 * Twilio's 4xx answers fail the message with Twilio's code; 429/5xx/network errors are retried
 * (thrown as retryable) until SEND_MAX_ATTEMPTS calls have been made.
 */
export async function sendMessage(
  deps: PhoneDeps,
  command: EventOf<typeof SendPhoneMessage>,
  context: SendContext,
): Promise<void> {
  const { data } = command;
  const leaseMs = deps.settings.twilioTimeoutMs + LEASE_MARGIN_MS;
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
    const { channel, account } = await channelOf(deps, command);
    const twilio = deps.twilio.for(account);
    const { waitMs } = await reserveSendSlot(deps.db, channel.id, 1000 / channel.send_rate);
    // Wake at the slot itself: work done after reserving it is not added to the wait.
    const wakeAt = Date.now() + waitMs;
    attempts = await startAttempt(deps.db, send.message_id, waitMs + leaseMs);
    await pause(wakeAt - Date.now(), context);
    const message = await twilio.messages
      .create({
        to: data.to,
        from: data.from,
        ...(data.body !== undefined ? { body: data.body } : {}),
        ...(data.media_urls.length > 0 ? { mediaUrl: data.media_urls } : {}),
        statusCallback: `${deps.settings.publicBaseUrl}/webhooks/twilio/status`,
      })
      .catch((error: unknown) => {
        throw toProviderError(error);
      });
    await recordSendOutcome(deps, send, { status: "sent", provider_message_id: message.sid });
  } catch (error) {
    await settleFailure(deps, send, error, { attempts, lastDelivery: context.lastDelivery });
  }
}

async function channelOf(
  deps: PhoneDeps,
  command: EventOf<typeof SendPhoneMessage>,
): Promise<{ channel: Channel; account: TwilioAccount }> {
  const organizationId = command.organization_id;
  const channel = await deps.directory.channel(organizationId, command.data.channel_id);
  if (channel.type !== "phone") throw ValidationError.field("channel_id", "is not a phone channel");
  return { channel, account: await deps.directory.account(organizationId, channel.id) };
}

/** Will this failure ever go away by itself? Client mistakes and missing channels will not. */
function isFinal(error: unknown, attempts: number, maxAttempts: number): boolean {
  if (error instanceof ProviderError) return !error.retryable || attempts >= maxAttempts;
  if (error instanceof AppError) return error.code === "not_found" || error.code === "validation_failed";
  return false;
}

async function settleFailure(
  deps: PhoneDeps,
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
