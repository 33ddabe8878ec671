import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import { z } from "zod";

/**
 * Secrets at rest (channel credentials in core, endpoint signing secrets in webhooks):
 * AES-256-GCM under `CREDENTIALS_KEY`, a fresh 12-byte IV per seal, bound to the row it belongs
 * to (the additional data, so a sealed value copied onto another row does not open), with the
 * key's id stored beside it so older keys (`CREDENTIALS_PREVIOUS_KEYS`) still open what they
 * sealed until a start-up pass re-seals it under the current key. See docs/architecture.md §38.
 */
export type Sealed = {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  data: string;
};

export function isSealed(stored: unknown): stored is Sealed {
  if (typeof stored !== "object" || stored === null) return false;
  const value = stored as Record<string, unknown>;
  return value.v === 1 && typeof value.kid === "string" && typeof value.data === "string";
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

const keySetting = z
  .string()
  .refine((text) => decodeKey(text) !== undefined, "must be 32 bytes in base64 (openssl rand -base64 32)");

/** The settings of every service that seals secrets: spread into its config. */
export const SealingSettings = {
  /** Seals secrets at rest (AES-256-GCM); 32 random bytes in base64. */
  CREDENTIALS_KEY: keySetting,
  /** Keys sealed with before, comma-separated: still opened, and re-sealed under CREDENTIALS_KEY at start. */
  CREDENTIALS_PREVIOUS_KEYS: z
    .string()
    .default("")
    .transform((text) =>
      text
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .pipe(z.array(keySetting)),
};

export class SecretsCipher {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly current: Buffer,
    previous: readonly Buffer[] = [],
  ) {
    this.currentKeyId = keyId(current);
    for (const key of [current, ...previous]) this.keys.set(keyId(key), key);
  }

  /** From the settings (already checked by `SealingSettings`). */
  static fromSettings(settings: { CREDENTIALS_KEY: string; CREDENTIALS_PREVIOUS_KEYS: string[] }) {
    return new SecretsCipher(
      decodeKey(settings.CREDENTIALS_KEY) as Buffer,
      settings.CREDENTIALS_PREVIOUS_KEYS.map((key) => decodeKey(key) as Buffer),
    );
  }

  /** Seals `plain`, bound to `owner` (the row's id: the value opens for that row only). */
  seal(owner: string, plain: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current, iv);
    cipher.setAAD(Buffer.from(owner));
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return {
      v: 1,
      kid: this.currentKeyId,
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      data: data.toString("base64"),
    };
  }

  /** The plain value; `what` names it in the error when no key at hand sealed it. */
  open(owner: string, sealed: Sealed, what = owner): string {
    const key = this.keys.get(sealed.kid);
    if (!key)
      throw new Error(
        `${what} sealed with key ${sealed.kid}, which is neither CREDENTIALS_KEY nor in CREDENTIALS_PREVIOUS_KEYS`,
      );
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
    decipher.setAAD(Buffer.from(owner));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString(
      "utf8",
    );
  }

  /** Sealed under the current key (nothing to re-seal). */
  isCurrent(stored: unknown): boolean {
    return isSealed(stored) && stored.kid === this.currentKeyId;
  }
}

/**
 * Re-seals rows in batches of `size`, each batch one transaction whose rows `claim` locks with
 * SKIP LOCKED (instances starting together share the rows), until a batch comes back short.
 * Returns how many rows were re-sealed.
 */
export async function resealInBatches<DB, Row>(
  db: Kysely<DB>,
  claim: (trx: Transaction<DB>, limit: number) => Promise<Row[]>,
  reseal: (trx: Transaction<DB>, row: Row) => Promise<void>,
  size = 100,
): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const rows = await claim(trx, size);
      for (const row of rows) await reseal(trx, row);
      return rows.length;
    });
    total += done;
    if (done < size) return total;
  }
}

/** A sealed jsonb column that holds a value sealed under another key than `kid` (or a plain one): what a start-up pass re-seals. */
export function sealedUnderAnotherKey(column: string, kid: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)} is not null and ${sql.ref(column)}->>'kid' is distinct from ${kid})`;
}
