import type { Subscription } from "@nats-io/transport-node";
import { FindContact, ResolveContact } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { findContactBy, resolveContact } from "../services/resolve-contact.js";

/** Answers `rpc.core.contact.resolve` (find or create a contact by phone/email) and `.find` (never creates). */
export function contactRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, ResolveContact, (request) => resolveContact(deps, request)),
    reply(bus, deps.logger, FindContact, (request) => findContactBy(deps, request)),
  ];
}
