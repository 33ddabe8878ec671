import { setTimeout as sleep } from "node:timers/promises";
import { deliveryErrorMessages } from "./errors.js";
import type { DeliveryOutcome } from "./magic-numbers.js";
import type { FakeMessage, MessageStatus } from "./message-resource.js";
import type { FormParams } from "./signature.js";

export interface DeliveryContext {
  delayMs: number;
  /** Aborted by `reset()`/`stop()`: pending steps are dropped. */
  signal: AbortSignal;
  /** Posts one signed status callback (and records it). */
  notify(url: string, params: FormParams): Promise<void>;
}

/** The statuses a message goes through: the first is what the 201 answers with. */
export function deliverySteps(message: FakeMessage, outcome: DeliveryOutcome): MessageStatus[] {
  const start: MessageStatus[] = message.messagingServiceSid ? ["accepted", "queued"] : ["queued"];
  if (outcome.status === "failed") return [...start, "failed"];
  return [...start, "sent", outcome.status];
}

/** Status callback params, as Twilio posts them for outbound messages. */
export function statusCallbackParams(message: FakeMessage): FormParams {
  const params: FormParams = {
    AccountSid: message.accountSid,
    ApiVersion: "2010-04-01",
    MessageSid: message.sid,
    MessageStatus: message.status,
    SmsSid: message.sid,
    SmsStatus: message.status,
    To: message.to,
  };
  if (message.from) params.From = message.from;
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (message.errorCode !== undefined) params.ErrorCode = String(message.errorCode);
  return params;
}

function applyStatus(message: FakeMessage, status: MessageStatus, outcome: DeliveryOutcome): void {
  const now = new Date();
  message.status = status;
  message.dateUpdated = now;
  if (status === "sent") {
    message.dateSent = now;
    message.price = (-0.0079 * message.numSegments).toFixed(5);
  }
  if ((status === "undelivered" || status === "failed") && outcome.status !== "delivered") {
    message.errorCode = outcome.errorCode;
    message.errorMessage = deliveryErrorMessages[outcome.errorCode] ?? "Unknown error";
  }
}

/**
 * Moves a just-created message through its statuses, one step per `delayMs`, posting a
 * status callback for each (in order: each waits for the previous POST to finish).
 */
export async function runDelivery(
  message: FakeMessage,
  outcome: DeliveryOutcome,
  context: DeliveryContext,
): Promise<void> {
  const steps = deliverySteps(message, outcome);
  try {
    for (const [index, status] of steps.entries()) {
      await sleep(context.delayMs, undefined, { signal: context.signal });
      if (index > 0) applyStatus(message, status, outcome);
      if (message.statusCallback) await context.notify(message.statusCallback, statusCallbackParams(message));
    }
  } catch (error) {
    if (!context.signal.aborted) throw error;
  }
}
