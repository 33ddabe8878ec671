import type { Contact } from "./types.js";

export function contactLabel(contact: Contact | undefined): string {
  return contact?.name || contact?.phone || contact?.email || "Unknown contact";
}

export function initials(text: string): string {
  // A contact known only by a number or an address: its first characters ("+1" → "15") say nothing.
  if (/^[+\d(]/.test(text.trim()) || text.includes("@")) return "#";
  const words = text
    .replace(/[^\p{L}\p{N} ]/gu, " ")
    .trim()
    .split(/\s+/);
  const letters =
    words.length > 1 ? `${words[0]?.[0] ?? ""}${words[1]?.[0] ?? ""}` : (words[0] ?? "").slice(0, 2);
  return letters.toUpperCase() || "?";
}

/** "14:05" today, "Mon" this week, "Mar 3" before. */
export function shortTime(iso: string | undefined, now = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (date.toDateString() === now.toDateString())
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (days < 6) return date.toLocaleDateString([], { weekday: "short" });
  return date.toLocaleDateString([], { month: "short", day: "numeric" });
}

export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

export const CHANNEL_LABEL: Record<string, string> = {
  phone: "SMS",
  email: "Email",
  whatsapp: "WhatsApp",
  fax: "Fax",
};

/** A delivery status in words a coordinator reads at a glance. */
export const STATUS_LABEL: Record<string, string> = {
  scheduled: "Scheduled",
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  undelivered: "Not delivered",
  failed: "Failed",
  read: "Read",
  received: "Received",
};

/** SMS segments: 160 characters (GSM-7) or 70 (anything else), fewer per part when split. */
export function smsSegments(text: string): number {
  if (!text) return 0;
  const gsm = /^[\n\r\u0020-\u007e£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà€]*$/.test(text);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  return text.length <= single ? 1 : Math.ceil(text.length / multi);
}
