import { type Channel, NotFoundError } from "@relay/domain";
import { type ChannelScope, inChannelScope } from "@relay/service-kit";
import { findChannel } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

export async function getChannel(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  id: string,
  scope?: ChannelScope,
): Promise<Channel> {
  const found = await findChannel(deps.db, organizationId, id);
  const row = found && inChannelScope(scope, found.id) ? found : undefined;
  const [channel] = row ? await presentChannels(deps.db, organizationId, [row]) : [];
  if (!channel) throw new NotFoundError("channel");
  return channel;
}
