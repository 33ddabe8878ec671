import type { Subscription } from "@nats-io/transport-node";
import { ChangeContactRequest, FindContact, ResolveContact } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { changeContact } from "../services/change-contact.js";
import { findContactBy, resolveContact } from "../services/resolve-contact.js";

/**
 * Answers `rpc.core.contact.resolve` (find or create a contact by phone/email), `.find` (never
 * creates) and `.change` (fields and tags written on a contact's behalf).
 */
export function contactRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, ResolveContact, (request) => resolveContact(deps, request)),
    reply(bus, deps.logger, FindContact, (request) => findContactBy(deps, request)),
    reply(bus, deps.logger, ChangeContactRequest, async (request) => ({
      contact: await changeContact(deps, request),
    })),
  ];
}
