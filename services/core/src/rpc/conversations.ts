import type { Subscription } from "@nats-io/transport-node";
import { CheckAssignee, GetContact, ListChannels } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { checkAssignee } from "../services/check-assignee.js";
import { getContact } from "../services/get-contact.js";
import { listAllChannels } from "../services/list-all-channels.js";

/** What the conversations service asks core: assignees, all channels (opt-ins), one contact. */
export function conversationsRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, CheckAssignee, (request) => checkAssignee(deps, request)),
    reply(bus, deps.logger, ListChannels, (request) => listAllChannels(deps, request)),
    reply(bus, deps.logger, GetContact, (request) => getContact(deps, request.organization_id, request.id)),
  ];
}
