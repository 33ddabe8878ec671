import { isValidTimeZone } from "@relay/domain";
import { phoneTimeZone } from "./phone-zone.js";

export interface RecipientZoneHints {
  contactTimeZone?: string | null;
  phone?: string | null;
  channelTimeZone?: string | null;
  organizationTimeZone?: string | null;
}

export type RecipientZoneSource = "contact" | "phone" | "channel" | "organization" | "default";

/** The zone assumed when no hint names a valid one. */
export const DEFAULT_RECIPIENT_TIME_ZONE = "America/New_York";

function validZone(name: string | null | undefined): string | undefined {
  const trimmed = name?.trim();
  return isValidTimeZone(trimmed) ? trimmed : undefined;
}

/**
 * The zone a recipient's quiet hours are read in, most specific first: the contact's own, the
 * one their phone number points to, the channel's, the organization's, else US Eastern.
 */
export function recipientTimeZone(hints: RecipientZoneHints): {
  timeZone: string;
  source: RecipientZoneSource;
} {
  const contact = validZone(hints.contactTimeZone);
  if (contact) return { timeZone: contact, source: "contact" };
  const phone = hints.phone ? phoneTimeZone(hints.phone) : undefined;
  if (phone) return { timeZone: phone, source: "phone" };
  const channel = validZone(hints.channelTimeZone);
  if (channel) return { timeZone: channel, source: "channel" };
  const organization = validZone(hints.organizationTimeZone);
  if (organization) return { timeZone: organization, source: "organization" };
  return { timeZone: DEFAULT_RECIPIENT_TIME_ZONE, source: "default" };
}
