import type { EventEnvelope } from "@relay/domain";
import { enqueueFrom } from "@relay/service-kit";
import { type Kysely, sql } from "kysely";
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

/**
 * Stores a webhook and writes `event` to the outbox, in one statement that commits on its own;
 * a duplicate (same kind and key) writes neither. Returns whether it was new.
 */
export async function insertWebhookReporting(
  db: Kysely<PhoneDB>,
  webhook: NewWebhook,
  event: EventEnvelope,
): Promise<boolean> {
  const result = await sql`
    with stored as (
      insert into webhooks (kind, dedupe_key, organization_id, channel_id, provider_id, payload)
      values (${webhook.kind}, ${webhook.dedupe_key}, ${webhook.organization_id}, ${webhook.channel_id},
        ${webhook.provider_id}, ${JSON.stringify(webhook.payload)}::jsonb)
      on conflict (kind, dedupe_key) do nothing
      returning id)
    ${enqueueFrom("stored", event)}`.execute(db);
  return (result.numAffectedRows ?? 0n) > 0n;
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
