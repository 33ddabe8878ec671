import type { Kysely } from "kysely";
import type { NewWebhook, PhoneDB, WebhookRow } from "./schema.js";

/** Stores a webhook; false when one with the same kind and key was stored before (a duplicate). */
export async function insertWebhook(db: Kysely<PhoneDB>, webhook: NewWebhook): Promise<boolean> {
  const result = await db
    .insertInto("webhooks")
    .values({ ...webhook, payload: JSON.stringify(webhook.payload) })
    .onConflict((oc) => oc.columns(["kind", "dedupe_key"]).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Status callbacks that came before their send was recorded, oldest first. */
export function unappliedStatusCallbacks(db: Kysely<PhoneDB>, providerId: string): Promise<WebhookRow[]> {
  return db
    .selectFrom("webhooks")
    .selectAll()
    .where("provider_id", "=", providerId)
    .where("kind", "=", "message_status")
    .where("applied", "=", false)
    .orderBy("id")
    .execute();
}

export async function markApplied(db: Kysely<PhoneDB>, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("webhooks").set({ applied: true }).where("id", "in", ids).execute();
}
