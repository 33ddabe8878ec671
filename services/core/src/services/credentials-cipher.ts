import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Channel credentials at rest: AES-256-GCM under `CREDENTIALS_KEY`, bound to the channel's id
 * (the additional data, so a sealed value copied onto another channel does not open), with the
 * key's id stored beside it so older keys (`CREDENTIALS_PREVIOUS_KEYS`) still open what they
 * sealed until the start-up pass re-seals it under the current key. The few identifiers
 * webhook routing looks channels up by stay searchable in `lookup`: Twilio's account SID and
 * Meta's phone-number id as they are (they are not secrets), the verify token only as a
 * SHA-256. See docs/architecture.md §38.
 */
export type SealedCredentials = {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  data: string;
  lookup: CredentialLookup;
};

export type CredentialLookup = {
  account_sid?: string;
  phone_number_id?: string;
  verify_token_sha256?: string;
};

/** What the `credentials` column holds: `{}` (none), a sealed value, or (before the first start with a key) plain JSON. */
export type StoredCredentials = SealedCredentials | Record<string, unknown>;

export function isSealed(stored: StoredCredentials): stored is SealedCredentials {
  return stored.v === 1 && typeof stored.kid === "string" && typeof stored.data === "string";
}

/** The key id: a short digest of the key itself, so an operator never names keys. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("relay-credentials-key:").update(key).digest("hex").slice(0, 12);
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** `CREDENTIALS_KEY`'s format: 32 bytes in base64 (or base64url). */
export function decodeKey(text: string): Buffer | undefined {
  const key = Buffer.from(text.trim(), "base64");
  return key.length === 32 ? key : undefined;
}

export class CredentialsCipher {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly current: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    this.currentKeyId = keyId(current);
    for (const key of [current, ...previous]) this.keys.set(keyId(key), key);
  }

  /** Seals a channel's credentials; none stay `{}`. */
  seal(channelId: string, credentials: Record<string, unknown>): StoredCredentials {
    if (Object.keys(credentials).length === 0) return {};
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current, iv);
    cipher.setAAD(Buffer.from(channelId));
    const data = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
    return {
      v: 1,
      kid: this.currentKeyId,
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      data: data.toString("base64"),
      lookup: lookupOf(credentials),
    };
  }

  /** The plain credentials of a stored value (plain JSON from before encryption is returned as is). */
  open(channelId: string, stored: StoredCredentials): Record<string, unknown> {
    if (!isSealed(stored)) return stored;
    const key = this.keys.get(stored.kid);
    if (!key)
      throw new Error(
        `channel ${channelId}: credentials sealed with key ${stored.kid}, which is neither CREDENTIALS_KEY nor in CREDENTIALS_PREVIOUS_KEYS`,
      );
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(stored.iv, "base64"));
    decipher.setAAD(Buffer.from(channelId));
    decipher.setAuthTag(Buffer.from(stored.tag, "base64"));
    const plain = Buffer.concat([decipher.update(Buffer.from(stored.data, "base64")), decipher.final()]);
    return JSON.parse(plain.toString("utf8")) as Record<string, unknown>;
  }

  /** Whether a stored value needs sealing again: plain, or sealed under an older key. */
  needsResealing(stored: StoredCredentials): boolean {
    if (isSealed(stored)) return stored.kid !== this.currentKeyId;
    return Object.keys(stored).length > 0;
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
