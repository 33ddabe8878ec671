import { PhoneCallUpdated } from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { recordCall } from "../services/record-call.js";
import { messageDurables } from "./messages.js";

export const PHONE_DURABLES = { ...messageDurables("phone"), calls: "conversations-phone-calls" } as const;

/** The phone adapter's calls (its messages and statuses go through the message consumers). */
export function startPhoneConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer>[] {
  return [
    startConsumer({
      bus,
      logger: deps.logger,
      durable: PHONE_DURABLES.calls,
      event: PhoneCallUpdated,
      handle: (event) => recordCall(deps, event, PHONE_DURABLES.calls),
    }),
  ];
}
