import {
  ChannelCreated,
  ChannelDeleted,
  type ChannelEventData,
  ChannelUpdated,
  UserCreated,
  UserDeleted,
  UserUpdated,
} from "@relay/domain";
import { type Bus, type Logger, type RunningConsumer, startConsumer } from "@relay/service-kit";
import { type Kysely, sql } from "kysely";
import type { WebDB } from "../db/schema.js";
import { forgetUser, storeUser } from "../db/users.js";

/**
 * Core's users (email, name, role: who may log in, as what) and who may use each channel (an
 * agent's scope). Version-guarded upserts and tombstones: replays and reordering are harmless.
 */
export function startProjections(bus: Bus, logger: Logger, db: Kysely<WebDB>): Promise<RunningConsumer[]> {
  return Promise.all([
    startConsumer({
      bus,
      logger,
      durable: "web-user-created",
      event: UserCreated,
      handle: (event) => storeUser(db, event.organization_id, event.data),
    }),
    startConsumer({
      bus,
      logger,
      durable: "web-user-updated",
      event: UserUpdated,
      handle: (event) => storeUser(db, event.organization_id, event.data),
    }),
    startConsumer({
      bus,
      logger,
      durable: "web-user-deleted",
      event: UserDeleted,
      handle: (event) => forgetUser(db, event.organization_id, event.data.id),
    }),
    startConsumer({
      bus,
      logger,
      durable: "web-channel-created",
      event: ChannelCreated,
      handle: (event) => storeChannelAccess(db, event.organization_id, event.data),
    }),
    startConsumer({
      bus,
      logger,
      durable: "web-channel-updated",
      event: ChannelUpdated,
      handle: (event) => storeChannelAccess(db, event.organization_id, event.data),
    }),
    startConsumer({
      bus,
      logger,
      durable: "web-channel-deleted",
      event: ChannelDeleted,
      handle: async (event) => {
        await sql`
          insert into channel_access as a (id, organization_id, version, deleted)
          values (${event.data.id}, ${event.organization_id}, now(), true)
          on conflict (id) do update set deleted = true, user_ids = '{}'
          where a.organization_id = excluded.organization_id`.execute(db);
      },
    }),
  ]);
}

async function storeChannelAccess(db: Kysely<WebDB>, organizationId: string, channel: ChannelEventData) {
  await sql`
    insert into channel_access as a (id, organization_id, user_ids, version)
    values (${channel.id}, ${organizationId}, ${channel.user_ids}::int[], ${channel.updated_at}::timestamptz)
    on conflict (id) do update set user_ids = excluded.user_ids, version = excluded.version
    where not a.deleted and a.organization_id = excluded.organization_id and a.version <= excluded.version`.execute(
    db,
  );
}
