import { type Migration, sql } from "kysely";

/**
 * `channel_projection`: core's channels as this service last saw them (from `core.channel.*`
 * events, or fetched once when an event has not arrived yet). Services that use the kit's
 * ChannelCatalog list this among their own migrations.
 */
export const channelProjectionMigration: Migration = {
  async up(db) {
    await sql`
      create table channel_projection (
        id uuid primary key,
        organization_id uuid not null,
        type text not null,
        phone text,
        address text,
        channel jsonb,
        version timestamptz not null,
        deleted boolean not null default false
      )`.execute(db);
    await sql`create index channel_projection_phone_idx on channel_projection (organization_id, type, phone)`.execute(
      db,
    );
    await sql`create index channel_projection_address_idx on channel_projection (organization_id, lower(address))`.execute(
      db,
    );
  },
};
