import type { Subscription } from "@nats-io/transport-node";
import { GetMessageTemplate } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { CoreDeps } from "../deps.js";
import { getMessageTemplate } from "../services/get-message-template.js";

/** Templates for the composer, campaigns and sequences: they keep no copy of the catalogue. */
export function messageTemplateRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, GetMessageTemplate, (request) =>
      getMessageTemplate(deps, request.organization_id, request.id),
    ),
  ];
}
