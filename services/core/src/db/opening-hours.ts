import { type OpeningHourInput, Weekday } from "@relay/domain";
import { type Kysely, sql } from "kysely";
import type { CoreDB, OpeningHourRow } from "./schema.js";

/** Replaces a channel's opening hours with `hours`. */
export async function replaceOpeningHours(
  db: Kysely<CoreDB>,
  organizationId: string,
  channelId: string,
  hours: readonly OpeningHourInput[],
): Promise<void> {
  await db
    .deleteFrom("opening_hours")
    .where("organization_id", "=", organizationId)
    .where("channel_id", "=", channelId)
    .execute();
  if (hours.length === 0) return;
  await db
    .insertInto("opening_hours")
    .values(
      hours.map((hour) => ({
        id: crypto.randomUUID(),
        channel_id: channelId,
        organization_id: organizationId,
        weekday: hour.weekday,
        opens_at: hour.opens_at,
        closes_at: hour.closes_at,
        state: hour.state,
      })),
    )
    .execute();
}

/** Opening hours of each channel, Monday first, then by opening time. */
export async function openingHoursByChannel(
  db: Kysely<CoreDB>,
  organizationId: string,
  channelIds: readonly string[],
): Promise<Map<string, OpeningHourRow[]>> {
  const hours = new Map<string, OpeningHourRow[]>(channelIds.map((id) => [id, []]));
  if (channelIds.length === 0) return hours;
  const rows = await db
    .selectFrom("opening_hours")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("channel_id", "in", channelIds)
    .orderBy(sql`array_position(${Weekday.options}::text[], weekday)`)
    .orderBy("opens_at")
    .execute();
  for (const row of rows) hours.get(row.channel_id)?.push(row);
  return hours;
}
