import { type Channel, NotFoundError } from "@relay/domain";
import { findChannel } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

export async function getChannel(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  id: string,
): Promise<Channel> {
  const row = await findChannel(deps.db, organizationId, id);
  const [channel] = row ? await presentChannels(deps.db, organizationId, [row]) : [];
  if (!channel) throw new NotFoundError("channel");
  return channel;
}
