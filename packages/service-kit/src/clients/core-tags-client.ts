import { FindTags, type Tag } from "@relay/domain";
import type { Bus } from "../nats.js";
import { request } from "../request-reply.js";

/** Core's tag catalogue as services that name tags by id read it. */
export interface CoreTags {
  /** The organization's tags among `ids` (others' and unknown ids left out). */
  find(organizationId: string, ids: string[]): Promise<Tag[]>;
}

/** Core's tags over NATS request-reply (`rpc.core.tag.find_many`): no copy kept. */
export function coreTagsClient(bus: Bus, timeoutMs: number): CoreTags {
  return {
    find: async (organizationId, ids) =>
      ids.length === 0
        ? []
        : (await request(bus, FindTags, { organization_id: organizationId, ids }, timeoutMs)).tags,
  };
}
