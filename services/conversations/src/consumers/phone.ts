import { PhoneCallUpdated, PhoneMessageReceived, PhoneMessageStatus } from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { applyDeliveryStatus } from "../services/apply-delivery-status.js";
import { receiveMessage } from "../services/receive-message.js";
import { recordCall } from "../services/record-call.js";

export const PHONE_DURABLES = {
  received: "conversations-phone-received",
  status: "conversations-phone-status",
  calls: "conversations-phone-calls",
} as const;

/** The phone adapter's events: inbound messages, delivery statuses, calls. */
export function startPhoneConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer>[] {
  const common = { bus, logger: deps.logger };
  return [
    startConsumer({
      ...common,
      durable: PHONE_DURABLES.received,
      event: PhoneMessageReceived,
      handle: (event) => receiveMessage(deps, event, PHONE_DURABLES.received),
    }),
    startConsumer({
      ...common,
      durable: PHONE_DURABLES.status,
      event: PhoneMessageStatus,
      handle: (event) => applyDeliveryStatus(deps, event, PHONE_DURABLES.status),
    }),
    startConsumer({
      ...common,
      durable: PHONE_DURABLES.calls,
      event: PhoneCallUpdated,
      handle: (event) => recordCall(deps, event, PHONE_DURABLES.calls),
    }),
  ];
}
