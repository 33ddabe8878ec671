import type { Subscription } from "@nats-io/transport-node";
import { ResolveContacts } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { resolveContacts } from "../services/resolve-contacts.js";

/** Answers `rpc.core.contact.resolve_many` (find or create many contacts by phone/email, for bulk sends). */
export function contactResolveManyRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [reply(bus, deps.logger, ResolveContacts, (request) => resolveContacts(deps, request))];
}
