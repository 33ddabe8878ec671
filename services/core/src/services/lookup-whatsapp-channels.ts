import type { ChannelMatch, LookupWhatsAppChannelsRequest } from "@relay/domain";
import { sha256Hex } from "@relay/service-kit";
import { findWhatsAppChannelsByCredential } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

/** Global on purpose, like lookup by phone: the adapter verifies the webhook with the channel's secret. */
export async function lookupWhatsAppChannels(
  deps: Pick<CoreDeps, "db">,
  request: LookupWhatsAppChannelsRequest,
): Promise<{ data: ChannelMatch[] }> {
  const rows = request.phone_number_id
    ? await findWhatsAppChannelsByCredential(deps.db, "phone_number_id", request.phone_number_id)
    : await findWhatsAppChannelsByCredential(
        deps.db,
        "verify_token_sha256",
        sha256Hex(request.verify_token ?? ""),
      );
  const data: ChannelMatch[] = [];
  for (const row of rows) {
    const [channel] = await presentChannels(deps.db, row.organization_id, [row]);
    if (channel) data.push({ organization_id: row.organization_id, channel });
  }
  return { data };
}
