import type { Kysely } from "kysely";
import type { CoreDB, UserRow } from "./schema.js";

/** Makes `userIds` the users who may use the channel (callers check they belong to the organization). */
export async function replaceChannelUsers(
  db: Kysely<CoreDB>,
  organizationId: string,
  channelId: string,
  userIds: readonly number[],
): Promise<void> {
  await db
    .deleteFrom("channel_users")
    .where("organization_id", "=", organizationId)
    .where("channel_id", "=", channelId)
    .execute();
  if (userIds.length === 0) return;
  await db
    .insertInto("channel_users")
    .values(
      userIds.map((userId) => ({ channel_id: channelId, user_id: userId, organization_id: organizationId })),
    )
    .execute();
}

/** The users who may use a channel, in id order. */
export function usersOfChannel(
  db: Kysely<CoreDB>,
  organizationId: string,
  channelId: string,
): Promise<UserRow[]> {
  return db
    .selectFrom("channel_users")
    .innerJoin("users", "users.id", "channel_users.user_id")
    .selectAll("users")
    .where("channel_users.organization_id", "=", organizationId)
    .where("users.organization_id", "=", organizationId)
    .where("channel_users.channel_id", "=", channelId)
    .orderBy("users.id")
    .execute();
}

export async function userIdsOfChannel(
  db: Kysely<CoreDB>,
  organizationId: string,
  channelId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom("channel_users")
    .select("user_id")
    .where("organization_id", "=", organizationId)
    .where("channel_id", "=", channelId)
    .orderBy("user_id")
    .execute();
  return rows.map((row) => row.user_id);
}
