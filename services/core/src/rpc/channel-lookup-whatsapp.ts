import type { Subscription } from "@nats-io/transport-node";
import { LookupWhatsAppChannels } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { lookupWhatsAppChannels } from "../services/lookup-whatsapp-channels.js";

/** Answers `rpc.core.channel.lookup_whatsapp` (which channels hold this phone-number id or verify token?). */
export function channelLookupWhatsAppRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, LookupWhatsAppChannels, (request) => lookupWhatsAppChannels(deps, request)),
  ];
}
