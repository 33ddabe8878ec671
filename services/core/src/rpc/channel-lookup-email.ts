import type { Subscription } from "@nats-io/transport-node";
import { LookupChannelsByAddress } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { lookupChannelsByAddress } from "../services/lookup-channels-by-address.js";

/** Answers `rpc.core.channel.lookup_by_address` (which email channels own this address?). */
export function channelLookupEmailRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, LookupChannelsByAddress, (request) => lookupChannelsByAddress(deps, request)),
  ];
}
