import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * How webhooks' deliveries and sequences' webhook steps are signed: Standard Webhooks (one
 * secret per endpoint or sequence, rotated with an overlap) and Whippy's header beside it.
 */

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** How long the secret before a rotation keeps signing: receivers have a day to switch. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** A rotatable secret as it is stored: the current one, and the one before it until it expires. */
export interface RotatingSecret<T> {
  current: T;
  previous: T | null;
  previousExpiresAt: Date | null;
}

/** The secrets that sign at `now`, opened: the current one, and the previous one until it expires. */
export function signingSecretsAt<T>(
  secret: RotatingSecret<T>,
  now: Date,
  open: (stored: T) => string,
): [string, ...string[]] {
  const { current, previous, previousExpiresAt: expires } = secret;
  return previous !== null && expires && expires > now ? [open(current), open(previous)] : [open(current)];
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  "x-whippy-signature": string;
}

/**
 * The headers that let a receiver check a request: Standard Webhooks' (one `v1,` signature per
 * valid secret, space-separated, so a rotation never breaks a receiver), and `X-Whippy-Signature`,
 * the hex HMAC-SHA256 of the raw body with the current secret's key, for receivers written for Whippy.
 */
export function signWebhook(
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
