import { randomUUID } from "node:crypto";
import { encodeForm, type FormParams, twilioSignature } from "./signature.js";

export interface PostSignedOptions {
  /** The token to sign with (the account's auth token, or a wrong one to test rejection). */
  authToken: string;
  /** Sends this X-Twilio-Signature instead of the computed one; `null` sends none. */
  signature?: string | null;
  timeoutMs?: number;
}

export interface WebhookResponse {
  status: number;
  /** The response body as text (TwiML, JSON, or empty). */
  body: string;
  contentType: string | null;
}

/** Posts form params to `url` the way Twilio calls a webhook: form-encoded, signed, Twilio's headers. */
export async function postSigned(
  webhookUrl: string,
  params: FormParams,
  options: PostSignedOptions,
): Promise<WebhookResponse> {
  // Signed as the receiver sees it (`http://host` is requested, and so rebuilt, as `http://host/`).
  const url = new URL(webhookUrl).href;
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "*/*",
    "user-agent": "TwilioProxy/1.1",
    "i-twilio-idempotency-token": randomUUID(),
  };
  const signature =
    options.signature === undefined ? twilioSignature(options.authToken, url, params) : options.signature;
  if (signature !== null) headers["x-twilio-signature"] = signature;
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: encodeForm(params),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get("content-type"),
  };
}
