import type { Subscription } from "@nats-io/transport-node";
import { AssignConversationRequest } from "@relay/domain";
import { type Bus, reply } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { assignConversation } from "../services/assign-conversation.js";

/** What conversations answers over NATS: a contact's conversation assigned on its behalf (sequences). */
export function conversationRpc(deps: ConversationsDeps, bus: Bus): Subscription[] {
  return [reply(bus, deps.logger, AssignConversationRequest, (request) => assignConversation(deps, request))];
}
