import type { ChannelMatch, LookupChannelsByAddressRequest } from "@relay/domain";
import { sql } from "kysely";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

/**
 * Global (not organization-scoped) on purpose: only the email adapter asks, over the internal
 * bus, to decide whether to accept mail for an address (SMTP `RCPT TO`).
 */
export async function lookupChannelsByAddress(
  deps: Pick<CoreDeps, "db">,
  request: LookupChannelsByAddressRequest,
): Promise<{ data: ChannelMatch[] }> {
  const rows = await deps.db
    .selectFrom("channels")
    .selectAll()
    .where("type", "=", "email")
    .where(sql<string>`lower(address)`, "=", request.address.toLowerCase())
    .orderBy("created_at")
    .execute();
  const data: ChannelMatch[] = [];
  for (const row of rows) {
    const [channel] = await presentChannels(deps.db, row.organization_id, [row]);
    if (channel) data.push({ organization_id: row.organization_id, channel });
  }
  return { data };
}
