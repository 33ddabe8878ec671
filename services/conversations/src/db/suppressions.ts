import type { Kysely } from "kysely";
import type { ConversationsDB } from "./schema.js";

type Executor = Kysely<ConversationsDB>;

export interface SuppressionKey {
  organizationId: string;
  channelId: string;
  /** Lower-cased. */
  address: string;
}

/** Why the address may not be mailed on the channel (it bounced permanently); undefined when it may. */
export async function findSuppression(db: Executor, key: SuppressionKey): Promise<string | undefined> {
  const row = await db
    .selectFrom("email_suppressions")
    .select("reason")
    .where("organization_id", "=", key.organizationId)
    .where("channel_id", "=", key.channelId)
    .where("address", "=", key.address.toLowerCase())
    .executeTakeFirst();
  return row?.reason;
}

/** Records a permanent bounce; the first reason recorded is kept. */
export async function suppress(db: Executor, key: SuppressionKey, reason: string): Promise<void> {
  await db
    .insertInto("email_suppressions")
    .values({
      organization_id: key.organizationId,
      channel_id: key.channelId,
      address: key.address.toLowerCase(),
      reason,
    })
    .onConflict((oc) => oc.columns(["organization_id", "channel_id", "address"]).doNothing())
    .execute();
}
