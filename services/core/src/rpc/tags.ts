import type { Subscription } from "@nats-io/transport-node";
import { FindTags } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import { findTagsByIds } from "../db/tags.js";
import type { CoreDeps } from "../deps.js";
import { toTag } from "../services/tag-view.js";

/** Tags by id for the services that name them so (sequences' triggers): they keep no copy of the catalogue. */
export function tagRpc(deps: CoreDeps, bus: Bus): Subscription[] {
  return [
    reply(bus, deps.logger, FindTags, async (request) => ({
      tags: (await findTagsByIds(deps.db, request.organization_id, request.ids)).map(toTag),
    })),
  ];
}
