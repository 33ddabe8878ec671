import {
  ConsentChanged,
  ContactCreated,
  ContactUpdated,
  ConversationUpdated,
  CustomEventCreated,
  MessageCreated,
} from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { SequencesDeps } from "../deps.js";
import { applyMessage, applyOptOut } from "../services/apply-replies.js";
import { fireCustomEventTriggers, fireTagTriggers } from "../services/fire-triggers.js";
import { applyConversation } from "../services/take-over.js";

/**
 * The events that move runs (replies, opt-outs), pause and resume them (a person writing in
 * the conversation, assigning, closing it) and start them (tags put on contacts, keywords,
 * custom events).
 */
export function startRunConsumers(deps: SequencesDeps, bus: Bus): Promise<RunningConsumer>[] {
  const common = { bus, logger: deps.logger };
  return [
    startConsumer({
      ...common,
      durable: "sequences-message-created",
      event: MessageCreated,
      handle: (event) => applyMessage(deps, event.data, event.organization_id),
    }),
    startConsumer({
      ...common,
      durable: "sequences-conversation-updated",
      event: ConversationUpdated,
      handle: (event) => applyConversation(deps, event.data, event.organization_id),
    }),
    startConsumer({
      ...common,
      durable: "sequences-consent-changed",
      event: ConsentChanged,
      handle: (event) => applyOptOut(deps, event.data, event.organization_id),
    }),
    startConsumer({
      ...common,
      durable: "sequences-contact-created",
      event: ContactCreated,
      handle: (event) => fireTagTriggers(deps, event),
    }),
    startConsumer({
      ...common,
      durable: "sequences-contact-updated",
      event: ContactUpdated,
      handle: (event) => fireTagTriggers(deps, event),
    }),
    startConsumer({
      ...common,
      durable: "sequences-custom-event-created",
      event: CustomEventCreated,
      handle: (event) => fireCustomEventTriggers(deps, event),
    }),
  ];
}
