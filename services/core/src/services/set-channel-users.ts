import { ChannelUpdated, NotFoundError, type User } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import { replaceChannelUsers, usersOfChannel } from "../db/channel-users.js";
import { findChannel } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { channelEventData } from "./channel-view.js";
import { checkUserIds } from "./check-user-ids.js";
import { toUser } from "./user-view.js";

/** Replaces who may use the channel; announced as `core.channel.updated` (its data has `user_ids`). */
export function setChannelUsers(
  deps: Pick<CoreDeps, "transact">,
  organizationId: string,
  channelId: string,
  userIds: readonly number[],
): Promise<User[]> {
  return deps.transact(async (trx) => {
    const channel = await findChannel(trx, organizationId, channelId, { forUpdate: true });
    if (!channel) throw new NotFoundError("channel");
    await checkUserIds(trx, organizationId, userIds);
    await replaceChannelUsers(trx, organizationId, channelId, userIds);
    await enqueue(
      trx,
      newEvent(ChannelUpdated, organizationId, await channelEventData(trx, organizationId, channel)),
    );
    return (await usersOfChannel(trx, organizationId, channelId)).map(toUser);
  });
}
