import type { CallStatus, PhoneMessageStatusValue } from "@relay/domain";
import type { z } from "zod";

type MessageStatus = z.infer<typeof PhoneMessageStatusValue>;
type CallStatusValue = z.infer<typeof CallStatus>;

/**
 * Twilio's MessageStatus → ours. Everything before delivery means Twilio has the message
 * (`sent`); `read` (WhatsApp/RCS) implies delivered. Inbound statuses are not ours to report.
 */
const MESSAGE_STATUSES: Record<string, MessageStatus> = {
  accepted: "sent",
  scheduled: "sent",
  queued: "sent",
  sending: "sent",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  canceled: "failed",
};

export function messageStatusOf(twilioStatus: string): MessageStatus | undefined {
  return MESSAGE_STATUSES[twilioStatus.toLowerCase()];
}

/** Twilio's CallStatus (and the call-progress events' names) → ours. */
const CALL_STATUSES: Record<string, CallStatusValue> = {
  queued: "queued",
  initiated: "queued",
  ringing: "ringing",
  answered: "in-progress",
  "in-progress": "in-progress",
  completed: "completed",
  busy: "busy",
  failed: "failed",
  "no-answer": "no-answer",
  canceled: "canceled",
};

export function callStatusOf(twilioStatus: string): CallStatusValue | undefined {
  return CALL_STATUSES[twilioStatus.toLowerCase()];
}

/** Short texts for the delivery error codes status callbacks carry (Twilio sends only the code). */
const DELIVERY_ERRORS: Record<string, string> = {
  "30001": "Queue overflow",
  "30002": "Account suspended",
  "30003": "Unreachable destination handset",
  "30004": "Message blocked",
  "30005": "Unknown destination handset",
  "30006": "Landline or unreachable carrier",
  "30007": "Message filtered",
  "30008": "Unknown error",
};

export function deliveryErrorMessage(code: string | undefined): string | undefined {
  return code ? DELIVERY_ERRORS[code] : undefined;
}
