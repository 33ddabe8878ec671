import {
  resealInBatches,
  SealedSecrets,
  type SecretsCipher,
  sealedUnderAnotherKey,
} from "@relay/service-kit";
import { sql } from "kysely";
import type { WebhooksDeps } from "../deps.js";

/** Endpoint signing secrets at rest: sealed with the kit's cipher, bound to the endpoint's id. */
export const endpointSecrets = (cipher: SecretsCipher) =>
  new SealedSecrets(cipher, { owner: "endpoint", secret: "signing secret" });

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
        .where(
          sql<boolean>`${sealedUnderAnotherKey("secret", kid)} or ${sealedUnderAnotherKey("previous_secret", kid)}`,
        )
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
