import type { ChannelList, Pagination } from "@relay/domain";
import type { ChannelScope } from "@relay/service-kit";
import { listChannels as selectChannels } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

/** The contract's ChannelList (`organization_id`, `data`) plus `total`; a web agent's lists their channels only. */
export async function listChannels(
  deps: Pick<CoreDeps, "db">,
  organizationId: string,
  page: Pagination,
  scope?: ChannelScope,
): Promise<ChannelList> {
  const { rows, total } = await selectChannels(deps.db, organizationId, page, scope && [...scope]);
  return {
    organization_id: organizationId,
    data: await presentChannels(deps.db, organizationId, rows),
    total,
  };
}
