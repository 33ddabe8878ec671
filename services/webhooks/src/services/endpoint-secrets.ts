import { isSealed, resealInBatches, type SecretsCipher } from "@relay/service-kit";
import { sql } from "kysely";
import type { StoredSecret } from "../db/schema.js";
import type { WebhooksDeps } from "../deps.js";

/**
 * Endpoint signing secrets at rest: sealed with the kit's cipher (CREDENTIALS_KEY), bound to the
 * endpoint's id, so a rotation moves the sealed value to `previous_secret` as it is. Opened
 * values are kept in memory by seal (a fresh IV each), so signing a delivery opens nothing.
 */
export class EndpointSecrets {
  private readonly opened = new Map<string, string>();

  constructor(private readonly cipher: SecretsCipher) {}

  get currentKeyId(): string {
    return this.cipher.currentKeyId;
  }

  /** The column's value (JSON) for a plain secret. */
  seal(endpointId: string, plain: string): string {
    return JSON.stringify(this.cipher.seal(endpointId, plain));
  }

  /** The plain secret; one stored before sealing (a plain string) is returned as it is. */
  open(endpointId: string, stored: StoredSecret): string {
    if (!isSealed(stored)) return stored;
    const key = `${endpointId}:${stored.iv}`;
    let plain = this.opened.get(key);
    if (plain === undefined) {
      plain = this.cipher.open(endpointId, stored, `endpoint ${endpointId}: signing secret`);
      if (this.opened.size >= 10_000) this.opened.clear();
      this.opened.set(key, plain);
    }
    return plain;
  }

  /** The column's value again, sealed under the current key (null stays null). */
  reseal(endpointId: string, stored: StoredSecret | null): string | null {
    return stored === null ? null : this.seal(endpointId, this.open(endpointId, stored));
  }
}

const stale = (column: string, kid: string) =>
  sql`(${sql.ref(column)} is not null and ${sql.ref(column)}->>'kid' is distinct from ${kid})`;

/**
 * Seals every endpoint secret under the current key: plain ones (stored before sealing) and
 * those sealed under a key now in `CREDENTIALS_PREVIOUS_KEYS`. Run at start; the plain secrets
 * do not change, so receivers notice nothing. Returns how many endpoints it sealed.
 */
export function resealEndpointSecrets(deps: Pick<WebhooksDeps, "db" | "secrets">): Promise<number> {
  const kid = deps.secrets.currentKeyId;
  return resealInBatches(
    deps.db,
    (trx, limit) =>
      trx
        .selectFrom("endpoints")
        .select(["id", "secret", "previous_secret"])
        .where(sql<boolean>`${stale("secret", kid)} or ${stale("previous_secret", kid)}`)
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute(),
    async (trx, row) => {
      await trx
        .updateTable("endpoints")
        .set({
          secret: deps.secrets.reseal(row.id, row.secret) as string,
          previous_secret: deps.secrets.reseal(row.id, row.previous_secret),
        })
        .where("id", "=", row.id)
        .execute();
    },
  );
}
