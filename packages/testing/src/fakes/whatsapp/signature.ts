import { createHmac } from "node:crypto";

/** Meta's `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body with the app secret. */
export function whatsappSignature(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody, "utf8").digest("hex")}`;
}
