import { isSealed, type Sealed, type SecretsCipher } from "./sealing.js";

/**
 * Secrets kept in a jsonb column, sealed with the kit's cipher (CREDENTIALS_KEY) and bound to
 * their row's id (endpoint signing secrets in webhooks, sequence signing secrets in sequences).
 * Opened values are kept in memory by seal (a fresh IV each), so signing opens nothing per call.
 */
export class SealedSecrets {
  private readonly opened = new Map<string, string>();

  /** `what` names the secret in errors: `endpoint <id>: <what>`. */
  constructor(
    private readonly cipher: SecretsCipher,
    private readonly what: { owner: string; secret: string },
  ) {}

  get currentKeyId(): string {
    return this.cipher.currentKeyId;
  }

  /** The column's value (JSON) for a plain secret. */
  seal(ownerId: string, plain: string): string {
    return JSON.stringify(this.cipher.seal(ownerId, plain));
  }

  /** The plain secret; one stored before sealing (a plain string) is returned as it is. */
  open(ownerId: string, stored: Sealed | string): string {
    if (!isSealed(stored)) return stored;
    const key = `${ownerId}:${stored.iv}`;
    let plain = this.opened.get(key);
    if (plain === undefined) {
      plain = this.cipher.open(ownerId, stored, `${this.what.owner} ${ownerId}: ${this.what.secret}`);
      if (this.opened.size >= 10_000) this.opened.clear();
      this.opened.set(key, plain);
    }
    return plain;
  }

  /** The column's value again, sealed under the current key (null stays null). */
  reseal(ownerId: string, stored: Sealed | string | null): string | null {
    return stored === null ? null : this.seal(ownerId, this.open(ownerId, stored));
  }
}
