import { AppError, type Channel } from "@relay/domain";
import type { ConversationsDeps } from "../deps.js";

/** The channel a provider event is about; undefined once core no longer knows it (deleted). */
export async function eventChannel(
  deps: Pick<ConversationsDeps, "core">,
  organizationId: string,
  channelId: string,
): Promise<Channel | undefined> {
  try {
    return await deps.core.resolveChannel({ organization_id: organizationId, id: channelId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return undefined;
    throw error;
  }
}
