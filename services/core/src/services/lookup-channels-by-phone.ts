import { type ChannelMatch, type LookupChannelsByPhoneRequest, toE164 } from "@relay/domain";
import { findChannelsByPhoneAnywhere } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

/**
 * Global (not organization-scoped) on purpose: only provider adapters ask, over the internal
 * bus, to route a webhook; they then verify it with the matched channel's own secret.
 */
export async function lookupChannelsByPhone(
  deps: Pick<CoreDeps, "db">,
  request: LookupChannelsByPhoneRequest,
): Promise<{ data: ChannelMatch[] }> {
  const phone = toE164(request.phone, "US");
  if (!phone) return { data: [] };
  const rows = await findChannelsByPhoneAnywhere(deps.db, phone, request.type, request.account_sid);
  const data: ChannelMatch[] = [];
  for (const row of rows) {
    const [channel] = await presentChannels(deps.db, row.organization_id, [row]);
    if (channel) data.push({ organization_id: row.organization_id, channel });
  }
  return { data };
}
