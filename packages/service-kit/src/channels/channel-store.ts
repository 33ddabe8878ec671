import { type Channel, ChannelEventData } from "@relay/domain";
import { type QueryExecutorProvider, sql } from "kysely";

type Db = QueryExecutorProvider;

/** What the projection knows of one channel: it, or that it was deleted. */
export type Known = { deleted: false; channel: Channel } | { deleted: true };

interface Row {
  deleted: boolean;
  channel: unknown;
}

// Built once: zod compiles a schema on its first parse, so one made per read is compiled per read.
const StoredChannel = ChannelEventData.omit({ user_ids: true });

const known = (row: Row | undefined): Known | undefined => {
  if (!row) return undefined;
  if (row.deleted) return { deleted: true };
  // Stored from a parsed event; parsed again so a stored shape can never leak unchecked.
  return { deleted: false, channel: StoredChannel.parse(row.channel) };
};

/** Stores a channel unless a newer version of it, or its deletion, is already here. */
export async function storeChannel(db: Db, organizationId: string, channel: Channel): Promise<void> {
  const { user_ids: _, ...plain } = channel as Channel & { user_ids?: unknown };
  await sql`
    insert into channel_projection as p (id, organization_id, type, phone, address, channel, version)
    values (${channel.id}, ${organizationId}, ${channel.type}, ${channel.phone ?? null},
      ${channel.address ?? null}, ${JSON.stringify(plain)}::jsonb, ${channel.updated_at}::timestamptz)
    on conflict (id) do update set type = excluded.type, phone = excluded.phone,
      address = excluded.address, channel = excluded.channel, version = excluded.version
    where not p.deleted and p.organization_id = excluded.organization_id
      and p.version <= excluded.version`.execute(db);
}

/** Leaves a tombstone, whether or not the channel was known: later lookups answer not found. */
export async function forgetChannel(db: Db, organizationId: string, id: string): Promise<void> {
  await sql`
    insert into channel_projection as p (id, organization_id, type, version, deleted)
    values (${id}, ${organizationId}, 'deleted', now(), true)
    on conflict (id) do update set deleted = true, channel = null, phone = null, address = null,
      version = now()
    where p.organization_id = excluded.organization_id`.execute(db);
}

export async function findChannel(db: Db, organizationId: string, id: string): Promise<Known | undefined> {
  const { rows } = await sql<Row>`
    select deleted, channel from channel_projection
    where id = ${id} and organization_id = ${organizationId}`.execute(db);
  return known(rows[0]);
}

/** By a normalized address: an E.164 phone (of `type`, phone first when absent) or an email. */
export async function findChannelByAddress(
  db: Db,
  organizationId: string,
  address: string,
  type: Channel["type"] | undefined,
): Promise<Channel | undefined> {
  const email = address.includes("@");
  const { rows } = await sql<Row>`
    select deleted, channel from channel_projection
    where organization_id = ${organizationId} and not deleted and ${
      email
        ? sql`lower(address) = lower(${address})`
        : sql`phone = ${address} and type = any(${type ? [type] : ["phone", "whatsapp"]})`
    }
    order by type = 'phone' desc, version desc limit 1`.execute(db);
  const found = known(rows[0]);
  return found && !found.deleted ? found.channel : undefined;
}

/** The organization's oldest channel of `type` (where a campaign that names none sends). */
export async function findFirstChannel(
  db: Db,
  organizationId: string,
  type: Channel["type"],
): Promise<Channel | undefined> {
  const { rows } = await sql<Row>`
    select deleted, channel from channel_projection
    where organization_id = ${organizationId} and type = ${type} and not deleted
    order by channel->>'created_at', id limit 1`.execute(db);
  const found = known(rows[0]);
  return found && !found.deleted ? found.channel : undefined;
}
