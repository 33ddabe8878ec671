import type { Subscription } from "@nats-io/transport-node";
import { GetChannelCredentials, ResolveChannel } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { getChannelCredentials } from "../services/get-channel-credentials.js";
import { resolveChannel } from "../services/resolve-channel.js";

export function channelRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, ResolveChannel, (request) => resolveChannel(deps, request)),
    reply(bus, deps.logger, GetChannelCredentials, (request) => getChannelCredentials(deps, request)),
  ];
}
