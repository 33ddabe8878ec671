import { type Kysely, sql } from "kysely";
import type { PhoneDB } from "./schema.js";

/**
 * Pacing across instances: atomically takes the channel's next send slot and pushes the next
 * one `intervalMs` later (one row per channel; concurrent callers queue on its row lock).
 * Returns the slot and how long the caller must wait for it, measured on the database's clock
 * so instances with skewed clocks still agree.
 */
export async function reserveSendSlot(
  db: Kysely<PhoneDB>,
  channelId: string,
  intervalMs: number,
): Promise<{ slotAt: Date; waitMs: number }> {
  const step = sql`(${intervalMs} * interval '1 millisecond')`;
  const { rows } = await sql<{ slot_at: Date; wait_ms: number }>`
    insert into send_slots as s (channel_id, next_slot_at)
    values (${channelId}, clock_timestamp() + ${step})
    on conflict (channel_id) do update
      set next_slot_at = greatest(s.next_slot_at, clock_timestamp()) + ${step}
    returning s.next_slot_at - ${step} as slot_at,
      greatest(0, extract(epoch from (s.next_slot_at - ${step} - clock_timestamp())) * 1000)::float8 as wait_ms`.execute(
    db,
  );
  const row = rows[0];
  if (!row) throw new Error("reserving a send slot returned no row");
  return { slotAt: row.slot_at, waitMs: row.wait_ms };
}
