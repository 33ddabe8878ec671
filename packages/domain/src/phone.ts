import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Normalizes a phone number to E.164, reading national formats in `defaultCountry`.
 * Returns undefined when the input is not a possible, valid number.
 */
export function toE164(input: string, defaultCountry: string = "US"): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry.toUpperCase() as CountryCode);
  if (!parsed?.isValid()) return undefined;
  return parsed.number;
}
