import { NotFoundError } from "@relay/domain";
import {
  newSigningSecret,
  ROTATION_OVERLAP_MS,
  resealInBatches,
  SealedSecrets,
  type SecretsCipher,
  sealedUnderAnotherKey,
} from "@relay/service-kit";
import { sql } from "kysely";
import type { SequenceRow } from "../db/schema.js";
import { lockSequence } from "../db/sequences.js";
import type { SequencesDeps } from "../deps.js";

/** `GET /sequences/{id}/signing_secret` and a rotation's answer. */
export interface SigningSecret {
  sequence_id: string;
  signing_secret: string;
  /** Until then the secret before the last rotation signs too (beside this one). */
  previous_secret_expires_at?: string;
}

/** Sequences' signing secrets at rest: sealed with the kit's cipher, bound to the sequence's id. */
export const sequenceSecrets = (cipher: SecretsCipher) =>
  new SealedSecrets(cipher, { owner: "sequence", secret: "webhook signing secret" });

/** A new sequence's secret, sealed for its row (the column's value). */
export const newSequenceSecret = (deps: Pick<SequencesDeps, "secrets">, sequenceId: string) =>
  deps.secrets.seal(sequenceId, newSigningSecret());

function toSecret(deps: Pick<SequencesDeps, "secrets" | "now">, row: SequenceRow): SigningSecret {
  if (row.webhook_secret === null) throw new Error(`sequence ${row.id} has no signing secret yet`);
  const expires = row.previous_webhook_secret_expires_at;
  return {
    sequence_id: row.id,
    signing_secret: deps.secrets.open(row.id, row.webhook_secret),
    ...(row.previous_webhook_secret !== null &&
      expires &&
      expires > deps.now() && { previous_secret_expires_at: expires.toISOString() }),
  };
}

/** The sequence's signing secret, for the organization's API keys (agents' sessions never reach it). */
export async function getSigningSecret(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
): Promise<SigningSecret> {
  const row = await deps.db
    .selectFrom("sequences")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("sequence");
  return toSecret(deps, row);
}

/** A new secret; the one before keeps signing beside it for 24 hours, so receivers can switch. */
export async function rotateSigningSecret(
  deps: SequencesDeps,
  organizationId: string,
  id: string,
): Promise<SigningSecret> {
  return deps.transact(async (trx) => {
    const row = await lockSequence(trx, organizationId, id);
    if (!row) throw new NotFoundError("sequence");
    const rotated = await trx
      .updateTable("sequences")
      .set({
        webhook_secret: newSequenceSecret(deps, id),
        // Sealed for this sequence, it opens as the previous secret as it is.
        previous_webhook_secret: row.webhook_secret === null ? null : JSON.stringify(row.webhook_secret),
        previous_webhook_secret_expires_at: new Date(deps.now().getTime() + ROTATION_OVERLAP_MS),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSecret(deps, rotated);
  });
}

/**
 * At start: every sequence gets a secret (those made before webhook steps had none), and
 * secrets sealed under a key now in `CREDENTIALS_PREVIOUS_KEYS` are sealed under the current one
 * (the plain secrets do not change). Returns how many sequences it changed.
 */
export function sealSigningSecrets(deps: Pick<SequencesDeps, "db" | "secrets">): Promise<number> {
  const kid = deps.secrets.currentKeyId;
  return resealInBatches(
    deps.db,
    (trx, limit) =>
      trx
        .selectFrom("sequences")
        .select(["id", "webhook_secret", "previous_webhook_secret"])
        .where(
          sql<boolean>`webhook_secret is null or ${sealedUnderAnotherKey("webhook_secret", kid)} or ${sealedUnderAnotherKey("previous_webhook_secret", kid)}`,
        )
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute(),
    async (trx, row) => {
      await trx
        .updateTable("sequences")
        .set({
          webhook_secret:
            row.webhook_secret === null
              ? newSequenceSecret(deps, row.id)
              : deps.secrets.reseal(row.id, row.webhook_secret),
          previous_webhook_secret: deps.secrets.reseal(row.id, row.previous_webhook_secret),
        })
        .where("id", "=", row.id)
        .execute();
    },
  );
}
