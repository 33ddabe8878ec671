import { type Kysely, sql } from "kysely";
import type { PhoneDB } from "./schema.js";

/**
 * `reserveSendSlot` for several channels at once, `count` consecutive slots each, in one
 * statement: each channel's next slot moves `count` intervals on, and the first slot taken is
 * returned per channel (the others follow it at `intervalMs`). Measured on the database's clock.
 */
export async function reserveSendSlots(
  db: Kysely<PhoneDB>,
  wanted: Array<{ channelId: string; intervalMs: number; count: number }>,
): Promise<Map<string, Date>> {
  if (wanted.length === 0) return new Map();
  const steps = wanted.map((w) => w.intervalMs * w.count);
  // now() is the statement's start, so `excluded.next_slot_at - now()` is exactly each row's step.
  const { rows } = await sql<{ channel_id: string; next_slot_at: Date }>`
    insert into send_slots as s (channel_id, next_slot_at)
    select id, now() + step * interval '1 millisecond'
    from unnest(${wanted.map((w) => w.channelId)}::uuid[], ${steps}::float8[]) as v(id, step)
    on conflict (channel_id) do update
      set next_slot_at = greatest(s.next_slot_at, clock_timestamp()) + (excluded.next_slot_at - now())
    returning s.channel_id, s.next_slot_at`.execute(db);
  const first = new Map<string, Date>();
  for (const row of rows) {
    const i = wanted.findIndex((w) => w.channelId === row.channel_id);
    if (i >= 0) first.set(row.channel_id, new Date(row.next_slot_at.getTime() - (steps[i] ?? 0)));
  }
  return first;
}
