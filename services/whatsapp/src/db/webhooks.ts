import type { Kysely } from "kysely";
import type { NewWebhook, WhatsAppDB } from "./schema.js";

/** Stores a webhook item; false when one with the same kind and key was stored before (a duplicate). */
export async function insertWebhook(db: Kysely<WhatsAppDB>, webhook: NewWebhook): Promise<boolean> {
  const result = await db
    .insertInto("webhooks")
    .values({ ...webhook, payload: JSON.stringify(webhook.payload) })
    .onConflict((oc) => oc.columns(["kind", "dedupe_key"]).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
