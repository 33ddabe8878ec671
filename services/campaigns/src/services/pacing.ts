import { sql, type Transaction } from "kysely";
import type { CampaignsDB } from "../db/schema.js";

/**
 * A channel may run this far ahead of its rate: one second of messages in a burst, or one
 * message on a channel slower than one a second (else it would never have credit for any).
 */
const burstMs = (rate: number) => Math.max(1000, 1000 / rate);

/**
 * The channel's shared pacing clock (one row per channel, locked until the caller commits, so
 * every campaign and every instance sending on the channel shares one rate). Returns how many
 * messages may go now and `take(n)` to spend them.
 */
export async function openPacing(
  trx: Transaction<CampaignsDB>,
  channelId: string,
  rate: number,
  now: Date,
): Promise<{ available: number; take(n: number): Promise<void> }> {
  await sql`insert into channel_pacing (channel_id, next_at) values (${channelId}, ${now}) on conflict do nothing`.execute(
    trx,
  );
  const row = await trx
    .selectFrom("channel_pacing")
    .select("next_at")
    .where("channel_id", "=", channelId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const base = Math.max(new Date(row.next_at).getTime(), now.getTime());
  // The epsilon keeps a whole message whole (1000 / 0.3 * 0.3 is 999.99…).
  const credit = ((now.getTime() + burstMs(rate) - base) * rate) / 1000;
  const available = Math.max(0, Math.floor(credit + 1e-9));
  return {
    available,
    async take(n) {
      if (n <= 0) return;
      await trx
        .updateTable("channel_pacing")
        .set({ next_at: new Date(base + (n * 1000) / rate) })
        .where("channel_id", "=", channelId)
        .execute();
    },
  };
}
