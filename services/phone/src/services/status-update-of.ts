import { deliveryErrorMessage, messageStatusOf } from "../twilio/statuses.js";
import type { MessageStatusParams } from "../twilio/webhook-params.js";
import type { StatusUpdate } from "./apply-message-status.js";

/** What a Twilio status callback says about our message; undefined for statuses we do not report. */
export function statusUpdateOf(params: MessageStatusParams): StatusUpdate | undefined {
  const status = messageStatusOf(params.MessageStatus);
  if (!status) return undefined;
  const failed = status === "failed" || status === "undelivered";
  const errorCode = failed && params.ErrorCode ? params.ErrorCode : undefined;
  return {
    status,
    provider_message_id: params.MessageSid,
    error_code: errorCode,
    error_message: errorCode ? (params.ErrorMessage ?? deliveryErrorMessage(errorCode)) : undefined,
  };
}
