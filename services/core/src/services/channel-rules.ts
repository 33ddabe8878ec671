import {
  type ChannelProvider,
  type ChannelType,
  CREDENTIALS_BY_PROVIDER,
  PROVIDERS_BY_TYPE,
  parseOrThrow,
  toE164,
  ValidationError,
} from "@relay/domain";

/** Phone numbers and email addresses are unique per organization (phone per channel type). */
export const CHANNEL_UNIQUE_FIELDS = {
  channels_org_phone_key: "phone",
  channels_org_address_key: "address",
};

/**
 * Phone and WhatsApp channels have a phone (stored as E.164, read in `country`), email channels
 * an address; neither has the other. On create the channel's own field is required.
 */
export function channelAddressing(
  type: ChannelType,
  input: { phone?: string; address?: string },
  country: string,
  options: { creating: boolean },
): { phone?: string; address?: string } {
  if (type === "email") {
    if (input.phone !== undefined) throw ValidationError.field("phone", "email channels have no phone");
    if (options.creating && input.address === undefined) {
      throw ValidationError.field("address", "is required for email channels");
    }
    return { address: input.address };
  }
  if (input.address !== undefined) throw ValidationError.field("address", `${type} channels have no address`);
  if (input.phone === undefined) {
    if (options.creating) throw ValidationError.field("phone", `is required for ${type} channels`);
    return {};
  }
  const phone = toE164(input.phone, country);
  if (!phone) throw ValidationError.field("phone", "must be a valid phone number, e.g. +15551234567");
  return { phone };
}

export function checkProvider(type: ChannelType, provider: ChannelProvider): ChannelProvider {
  const allowed: readonly ChannelProvider[] = PROVIDERS_BY_TYPE[type];
  if (!allowed.includes(provider)) {
    throw ValidationError.field("provider", `must be one of ${allowed.join(", ")} for ${type} channels`);
  }
  return provider;
}

/** Credentials must be complete for the provider; they are stored exactly as parsed. */
export function parseCredentials(provider: ChannelProvider, credentials: unknown): Record<string, unknown> {
  return parseOrThrow(CREDENTIALS_BY_PROVIDER[provider], credentials ?? {}, "credentials");
}

/** Only phone channels forward calls; each number is stored as E.164, duplicates dropped. */
export function forwardingNumbers(
  type: ChannelType,
  numbers: readonly string[] | null | undefined,
  country: string,
): string[] | undefined {
  if (numbers === undefined) return undefined;
  const list = numbers ?? [];
  if (type !== "phone" && list.length > 0) {
    throw ValidationError.field("voice_forwarding_numbers", `${type} channels do not forward calls`);
  }
  const normalized = list.map((number, index) => {
    const phone = toE164(number, country);
    if (!phone) {
      throw ValidationError.field(
        `voice_forwarding_numbers.${index}`,
        "must be a valid phone number, e.g. +15551234567",
      );
    }
    return phone;
  });
  return [...new Set(normalized)];
}
