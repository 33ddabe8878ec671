import { type Channel, NotFoundError, type ResolveChannelRequest, toE164 } from "@relay/domain";
import type { Kysely } from "kysely";
import { findChannel, findChannelByAddress, findChannelsByPhone } from "../db/channels.js";
import { findOrganization } from "../db/organizations.js";
import type { ChannelRow, CoreDB } from "../db/schema.js";
import type { CoreDeps } from "../deps.js";
import { presentChannels } from "./channel-view.js";

async function findByAddress(db: Kysely<CoreDB>, request: ResolveChannelRequest, address: string) {
  const organizationId = request.organization_id;
  if (address.includes("@")) return findChannelByAddress(db, organizationId, address);
  const organization = await findOrganization(db, organizationId);
  const phone = organization && toE164(address, organization.default_country);
  if (!phone) return undefined;
  const [first] = await findChannelsByPhone(db, organizationId, phone, request.type);
  return first;
}

/** For other services: a channel by id, or by the phone number / email address it sends from. */
export async function resolveChannel(
  deps: Pick<CoreDeps, "db">,
  request: ResolveChannelRequest,
): Promise<Channel> {
  const organizationId = request.organization_id;
  let row: ChannelRow | undefined;
  if (request.id) row = await findChannel(deps.db, organizationId, request.id);
  else if (request.address) row = await findByAddress(deps.db, request, request.address);
  if (row && request.type && row.type !== request.type) row = undefined;
  const [channel] = row ? await presentChannels(deps.db, organizationId, [row]) : [];
  if (!channel) throw new NotFoundError("channel");
  return channel;
}
