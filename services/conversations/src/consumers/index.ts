import type { Bus, RunningConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { startContactConsumers } from "./contacts.js";
import { startMessageConsumers } from "./messages.js";
import { startPhoneConsumers } from "./phone.js";

/** Every durable consumer of the service; instances share each one's work. */
export function startConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer[]> {
  return Promise.all([
    ...startContactConsumers(deps, bus),
    ...startMessageConsumers(deps, bus),
    ...startPhoneConsumers(deps, bus),
  ]);
}
