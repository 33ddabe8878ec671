import { TwilioApiError, twilioErrors } from "./errors.js";
import { E164, isValidSender } from "./ids.js";
import { magicFromError, magicToError } from "./magic-numbers.js";
import { type FormParams, formValue, formValues } from "./signature.js";

/** The parameters of `POST …/Messages.json` the fake understands. */
export interface MessageRequest {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  mediaUrls: string[];
  statusCallback?: string;
  contentSid?: string;
}

const MAX_BODY = 1600;
const MAX_MEDIA = 10;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Validates a create-message form the way Twilio does; throws the error Twilio would answer with. */
export function parseMessageRequest(params: FormParams): MessageRequest {
  const to = formValue(params, "To")?.trim();
  const from = formValue(params, "From")?.trim() || undefined;
  const messagingServiceSid = formValue(params, "MessagingServiceSid") || undefined;
  const body = formValue(params, "Body") || undefined;
  const contentSid = formValue(params, "ContentSid") || undefined;
  const mediaUrls = formValues(params, "MediaUrl").filter((url) => url !== "");
  const statusCallback = formValue(params, "StatusCallback") || undefined;

  if (!to) throw twilioErrors.toRequired();
  if (!from && !messagingServiceSid) throw twilioErrors.fromRequired();
  if (!body && mediaUrls.length === 0 && !contentSid) {
    throw from ? twilioErrors.bodyRequired() : twilioErrors.contentRequired();
  }
  if (body && body.length > MAX_BODY) throw twilioErrors.bodyTooLong();
  if (!E164.test(to)) throw twilioErrors.invalidTo(to);
  if (from && !isValidSender(from)) throw twilioErrors.invalidFrom(from);
  const badMedia = mediaUrls.find((url) => !isHttpUrl(url));
  if (badMedia !== undefined) throw twilioErrors.invalidMediaUrl(badMedia);
  if (mediaUrls.length > MAX_MEDIA) throw twilioErrors.tooManyMedia();
  if (statusCallback && !isHttpUrl(statusCallback)) {
    throw new TwilioApiError(21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
  }
  const magic = (from && magicFromError(from)) || magicToError(to, from ?? "");
  if (magic) throw magic;
  return { to, from, messagingServiceSid, body, mediaUrls, statusCallback, contentSid };
}
