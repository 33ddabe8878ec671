import { ChannelCredentials, type GetChannelCredentialsRequest, NotFoundError } from "@relay/domain";
import { findChannel } from "../db/channels.js";
import type { CoreDeps } from "../deps.js";

/** For provider adapters only (over the internal bus); no HTTP route reaches this. */
export async function getChannelCredentials(
  deps: Pick<CoreDeps, "db" | "credentials">,
  request: GetChannelCredentialsRequest,
): Promise<ChannelCredentials> {
  const row = await findChannel(deps.db, request.organization_id, request.channel_id);
  if (!row) throw new NotFoundError("channel");
  return ChannelCredentials.parse({
    provider: row.provider,
    credentials: deps.credentials.open(row.id, row.credentials),
  });
}
