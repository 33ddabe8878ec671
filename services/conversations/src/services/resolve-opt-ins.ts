import { AppError, type OptInChannel, ValidationError } from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";

export interface OptInRequest {
  opt_in_to?: OptInChannel[];
  opt_in_to_all_channels?: boolean;
}

/**
 * The channel ids a request opts the contact in to: each `opt_in_to` entry (by id, or by the
 * channel's phone number) and, with `opt_in_to_all_channels`, every channel of the organization.
 * A channel that is not the organization's is a 422 naming the entry.
 */
export async function resolveOptIns(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  request: OptInRequest,
): Promise<string[]> {
  const ids = new Set<string>();
  const entries = request.opt_in_to ?? [];
  for (const [index, entry] of entries.entries()) {
    const field = `opt_in_to.${index}.${entry.id !== undefined ? "id" : "phone"}`;
    try {
      const channel = await deps.core.resolveChannel(
        entry.id !== undefined
          ? { organization_id: organizationId, id: entry.id }
          : { organization_id: organizationId, address: entry.phone },
      );
      ids.add(channel.id);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") {
        throw ValidationError.field(field, "is not a channel of this organization");
      }
      throw error;
    }
  }
  if (request.opt_in_to_all_channels) {
    for (const channel of await deps.core.listChannels({ organization_id: organizationId }))
      ids.add(channel.id);
  }
  return [...ids];
}
