import {
  type Channel,
  type ChannelEventData,
  ChannelProvider,
  ChannelType,
  OpeningState,
  Weekday,
} from "@relay/domain";
import type { Kysely } from "kysely";
import { userIdsOfChannel } from "../db/channel-users.js";
import { openingHoursByChannel } from "../db/opening-hours.js";
import type { ChannelRow, CoreDB, OpeningHourRow } from "../db/schema.js";

/** Null columns are left out: the contract types these fields as (non-null) strings. */
const text = (value: string | null): string | undefined => value ?? undefined;

/** The public shape. Credentials are read only to say whether there are any. */
export function toChannel(row: ChannelRow, hours: OpeningHourRow[]): Channel {
  return {
    id: row.id,
    type: ChannelType.parse(row.type),
    name: row.name,
    description: text(row.description),
    phone: text(row.phone),
    address: text(row.address),
    timezone: row.timezone,
    color: text(row.color),
    emoji: text(row.emoji),
    automatic_response_open: text(row.automatic_response_open),
    automatic_response_closed: text(row.automatic_response_closed),
    help_text: text(row.help_text),
    opening_hours: hours.map((hour) => ({
      id: hour.id,
      weekday: Weekday.parse(hour.weekday),
      opens_at: hour.opens_at,
      closes_at: hour.closes_at,
      state: OpeningState.parse(hour.state),
    })),
    provider: ChannelProvider.parse(row.provider),
    has_credentials: Object.keys(row.credentials).length > 0,
    send_rate: Number(row.send_rate),
    voice_forwarding_numbers: row.type === "phone" ? row.voice_forwarding_numbers : undefined,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Channels with their opening hours, in one query for all of them. */
export async function presentChannels(
  db: Kysely<CoreDB>,
  organizationId: string,
  rows: ChannelRow[],
): Promise<Channel[]> {
  const hours = await openingHoursByChannel(
    db,
    organizationId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toChannel(row, hours.get(row.id) ?? []));
}

/** What channel events carry: the public shape and who may use the channel. */
export async function channelEventData(
  db: Kysely<CoreDB>,
  organizationId: string,
  row: ChannelRow,
): Promise<ChannelEventData> {
  const [channel] = await presentChannels(db, organizationId, [row]);
  if (!channel) throw new Error("presentChannels returned nothing for one row");
  return { ...channel, user_ids: await userIdsOfChannel(db, organizationId, row.id) };
}
