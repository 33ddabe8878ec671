import { randomBytes } from "node:crypto";

/** A Twilio-style SID: two-letter prefix (`SM`, `MM`, `CA`, `RE`, `ME`…) + 32 lowercase hex digits. */
export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

/** Twilio's timestamps on REST resources: RFC 2822 in GMT, e.g. `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

/** E.164: a plus, a non-zero country digit, 7 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** What Twilio accepts as a `From`: E.164, a short code, or an alphanumeric sender id. */
export function isValidSender(from: string): boolean {
  if (E164.test(from)) return true;
  if (/^\d{5,6}$/.test(from)) return true;
  return /^[A-Za-z0-9 ]{1,11}$/.test(from) && /[A-Za-z]/.test(from);
}
