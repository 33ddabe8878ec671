import { isSealed, type Sealed, type SecretsCipher, sha256Hex } from "@relay/service-kit";

/**
 * Channel credentials at rest: sealed as JSON with the kit's cipher (AES-256-GCM under
 * `CREDENTIALS_KEY`, bound to the channel's id, key ids for rotation). The few identifiers
 * webhook routing looks channels up by stay searchable in `lookup`: Twilio's account SID and
 * Meta's phone-number id as they are (they are not secrets), the verify token only as a
 * SHA-256. See docs/architecture.md §38.
 */
export type SealedCredentials = Sealed & { lookup: CredentialLookup };

export type CredentialLookup = {
  account_sid?: string;
  phone_number_id?: string;
  verify_token_sha256?: string;
};

/** What the `credentials` column holds: `{}` (none), a sealed value, or (before the first start with a key) plain JSON. */
export type StoredCredentials = SealedCredentials | Record<string, unknown>;

export class CredentialsCipher {
  constructor(private readonly cipher: SecretsCipher) {}

  get currentKeyId(): string {
    return this.cipher.currentKeyId;
  }

  /** Seals a channel's credentials; none stay `{}`. */
  seal(channelId: string, credentials: Record<string, unknown>): StoredCredentials {
    if (Object.keys(credentials).length === 0) return {};
    return { ...this.cipher.seal(channelId, JSON.stringify(credentials)), lookup: lookupOf(credentials) };
  }

  /** The plain credentials of a stored value (plain JSON from before encryption is returned as is). */
  open(channelId: string, stored: StoredCredentials): Record<string, unknown> {
    if (!isSealed(stored)) return stored;
    const plain = this.cipher.open(channelId, stored, `channel ${channelId}: credentials`);
    return JSON.parse(plain) as Record<string, unknown>;
  }
}

function lookupOf(credentials: Record<string, unknown>): CredentialLookup {
  const lookup: CredentialLookup = {};
  if (typeof credentials.account_sid === "string") lookup.account_sid = credentials.account_sid;
  if (typeof credentials.phone_number_id === "string") lookup.phone_number_id = credentials.phone_number_id;
  if (typeof credentials.verify_token === "string")
    lookup.verify_token_sha256 = sha256Hex(credentials.verify_token);
  return lookup;
}
