import type { Subscription } from "@nats-io/transport-node";
import { ResolveContact } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { resolveContact } from "../services/resolve-contact.js";

/** Answers `rpc.core.contact.resolve` (find or create a contact by phone/email). */
export function contactRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [reply(bus, deps.logger, ResolveContact, (request) => resolveContact(deps, request))];
}
