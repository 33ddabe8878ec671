import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  "x-whippy-signature": string;
}

/**
 * The headers that let a receiver check a delivery: Standard Webhooks' (one `v1,` signature per
 * valid secret, space-separated, so a rotation never breaks a receiver), and `X-Whippy-Signature`,
 * the hex HMAC-SHA256 of the raw body with the current secret's key, for receivers written for Whippy.
 */
export function signDelivery(
  messageId: string,
  sentAt: Date,
  body: string,
  secrets: readonly [string, ...string[]],
): SignedHeaders {
  const signatures = secrets.map((secret) => signerOf(secret).sign(messageId, sentAt, body));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
    "x-whippy-signature": whippySignature(secrets[0], body),
  };
}

const signers = new Map<string, Webhook>();

/** One signer per secret (its key decoded once): secrets are few, deliveries many. */
function signerOf(secret: string): Webhook {
  let signer = signers.get(secret);
  if (!signer) {
    if (signers.size >= 10_000) signers.clear();
    signer = new Webhook(secret);
    signers.set(secret, signer);
  }
  return signer;
}

/** Hex HMAC-SHA256 of the body, keyed with the secret's bytes (the base64 after `whsec_`). */
export function whippySignature(secret: string, body: string): string {
  return createHmac("sha256", secretKey(secret)).update(body).digest("hex");
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
}
