import type { Subscription } from "@nats-io/transport-node";
import { LookupChannelsByPhone } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { lookupChannelsByPhone } from "../services/lookup-channels-by-phone.js";

/** Answers `rpc.core.channel.lookup_by_phone` (which channels own this number?) for adapters. */
export function channelLookupRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [reply(bus, deps.logger, LookupChannelsByPhone, (request) => lookupChannelsByPhone(deps, request))];
}
