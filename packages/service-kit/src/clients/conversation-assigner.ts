import { AssignConversationRequest, type Conversation } from "@relay/domain";
import type { z } from "zod";
import type { Bus } from "../nats.js";
import { request } from "../request-reply.js";

/** Conversations' assignment of a contact's conversation on a channel, over NATS (a sequence's assign step). */
export interface ConversationAssigner {
  assign(
    organizationId: string,
    input: Omit<z.input<typeof AssignConversationRequest.request>, "organization_id">,
  ): Promise<Conversation>;
}

export function conversationAssigner(bus: Bus, timeoutMs: number): ConversationAssigner {
  return {
    assign: (organizationId, input) =>
      request(bus, AssignConversationRequest, { organization_id: organizationId, ...input }, timeoutMs),
  };
}
