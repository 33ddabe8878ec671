import { createHmac, timingSafeEqual } from "node:crypto";

/** Who a one-click unsubscribe link opts out, and of which channel. */
export interface UnsubscribeSubject {
  organizationId: string;
  contactId: string;
  channelId: string;
}

const VERSION = "u1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The HMAC key: UNSUBSCRIBE_SECRET, or one derived from INTERNAL_TOKEN (never the token itself). */
export function unsubscribeKey(secret: string | undefined, internalToken: string): Buffer {
  if (secret !== undefined) return Buffer.from(secret, "utf8");
  return createHmac("sha256", internalToken).update("relay/unsubscribe-link/v1").digest();
}

const uuidBytes = (id: string) => Buffer.from(id.replaceAll("-", ""), "hex");
function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(key: Buffer, payload: Buffer): Buffer {
  return createHmac("sha256", key).update(VERSION).update(payload).digest();
}

/** `<48 bytes: organization, contact, channel ids>.<HMAC-SHA256>`, both base64url: URL-safe, no state kept. */
export function signUnsubscribe(key: Buffer, subject: UnsubscribeSubject): string {
  const payload = Buffer.concat([
    uuidBytes(subject.organizationId),
    uuidBytes(subject.contactId),
    uuidBytes(subject.channelId),
  ]);
  return `${payload.toString("base64url")}.${mac(key, payload).toString("base64url")}`;
}

/** The subject of a genuine token (signature compared in constant time); undefined for anything else. */
export function verifyUnsubscribe(key: Buffer, token: string): UnsubscribeSubject | undefined {
  const parts = token.split(".");
  if (parts.length !== 2) return undefined;
  const [encodedPayload = "", encodedMac = ""] = parts;
  if (!/^[A-Za-z0-9_-]+$/.test(encodedPayload) || !/^[A-Za-z0-9_-]+$/.test(encodedMac)) return undefined;
  const payload = Buffer.from(encodedPayload, "base64url");
  const presented = Buffer.from(encodedMac, "base64url");
  if (payload.length !== 48) return undefined;
  const expected = mac(key, payload);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined;
  const subject = {
    organizationId: uuidOf(payload.subarray(0, 16)),
    contactId: uuidOf(payload.subarray(16, 32)),
    channelId: uuidOf(payload.subarray(32, 48)),
  };
  return Object.values(subject).every((id) => UUID.test(id)) ? subject : undefined;
}
