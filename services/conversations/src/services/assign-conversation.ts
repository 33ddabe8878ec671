import type { Conversation } from "@relay/domain";
import { findConversationFor } from "../db/conversations.js";
import type { ConversationsDeps } from "../deps.js";
import { updateConversation } from "./update-conversation.js";

/**
 * `rpc.conversations.conversation.assign`: the contact's conversation on the channel, assigned
 * as `PUT /conversations/{id}` would (the assignees checked with core); `not_found` without one.
 */
export async function assignConversation(
  deps: Pick<ConversationsDeps, "db" | "core" | "transact">,
  request: {
    organization_id: string;
    contact_id: string;
    channel_id: string;
    assigned_user_id?: number | null | undefined;
    assigned_team_id?: string | null | undefined;
  },
): Promise<Conversation> {
  const found = await findConversationFor(deps.db, {
    organizationId: request.organization_id,
    contactId: request.contact_id,
    channelId: request.channel_id,
  });
  // updateConversation answers not_found for the missing one, as for an id of no conversation.
  return updateConversation(deps, request.organization_id, found?.id ?? crypto.randomUUID(), {
    ...(request.assigned_user_id !== undefined && { assigned_user_id: request.assigned_user_id }),
    ...(request.assigned_team_id !== undefined && { assigned_team_id: request.assigned_team_id }),
  });
}
