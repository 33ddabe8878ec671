import { whatsappSignature } from "./signature.js";

export interface WebhookAnswer {
  status: number;
  text: string;
}

export interface PostSignedOptions {
  appSecret: string;
  /** Sent instead of the right signature (null: no header at all). */
  signature?: string | null;
}

/** POSTs a webhook body signed as Meta signs it (`X-Hub-Signature-256`). */
export async function postSigned(
  url: string,
  body: unknown,
  options: PostSignedOptions,
): Promise<WebhookAnswer> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const signature =
    options.signature === undefined ? whatsappSignature(options.appSecret, raw) : options.signature;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature === null ? {} : { "x-hub-signature-256": signature }),
    },
    body: raw,
  });
  return { status: res.status, text: await res.text() };
}

/** Meta's subscription handshake: GET with hub.mode, hub.verify_token and hub.challenge. */
export async function verifySubscription(options: {
  url: string;
  token: string;
  challenge: string;
  mode?: string;
}): Promise<WebhookAnswer> {
  const query = new URLSearchParams({
    "hub.mode": options.mode ?? "subscribe",
    "hub.verify_token": options.token,
    "hub.challenge": options.challenge,
  });
  const res = await fetch(`${options.url}?${query}`);
  return { status: res.status, text: await res.text() };
}
