import type { ChannelList, Pagination } from "@relay/domain";
import { listChannels as selectChannels } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

/** The contract's ChannelList (`organization_id`, `data`) plus `total`. */
export async function listChannels(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  page: Pagination,
): Promise<ChannelList> {
  const { rows, total } = await selectChannels(deps.db, organizationId, page);
  return {
    organization_id: organizationId,
    data: await presentChannels(deps.db, organizationId, rows),
    total,
  };
}
