import { type Channel, type ListChannelsRequest, MAX_LIMIT } from "@relay/domain";
import { listChannels } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

/** Every channel of the organization (of one type, if asked), oldest first: for other services. */
export async function listAllChannels(
  deps: Pick<CoreDeps, "db">,
  request: ListChannelsRequest,
): Promise<{ data: Channel[] }> {
  const organizationId = request.organization_id;
  const data: Channel[] = [];
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const { rows } = await listChannels(deps.db, organizationId, { limit: MAX_LIMIT, offset });
    const wanted = request.type ? rows.filter((row) => row.type === request.type) : rows;
    data.push(...(await presentChannels(deps.db, organizationId, wanted)));
    if (rows.length < MAX_LIMIT) return { data };
  }
}
