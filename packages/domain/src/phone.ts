import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Normalizes a phone number to E.164, reading national formats in `defaultCountry`.
 * Returns undefined when the input cannot be a phone number (wrong length for its country,
 * letters, no country). We check "possible", not "valid": numbering plans change faster than
 * metadata, and the fictional 555 numbers of the contract's examples and of providers' test
 * numbers must be accepted, as Twilio does.
 */
export function toE164(input: string, defaultCountry: string = "US"): string | undefined {
  if (!/^[\d\s()+.-]+$/.test(input.trim())) return undefined;
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry.toUpperCase() as CountryCode);
  if (!parsed?.isPossible()) return undefined;
  return parsed.number;
}
