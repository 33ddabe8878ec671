import { NotFoundError, type User } from "@relay/domain";
import { usersOfChannel } from "../db/channel-users.js";
import { findChannel } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { toUser } from "./user-view.js";

/** The users who may use the channel. */
export async function listChannelUsers(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  channelId: string,
): Promise<User[]> {
  if (!(await findChannel(deps.db, organizationId, channelId))) throw new NotFoundError("channel");
  return (await usersOfChannel(deps.db, organizationId, channelId)).map(toUser);
}
