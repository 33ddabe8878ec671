import type { Bus, RunningConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { startContactConsumers } from "./contacts.js";
import { startEmailConsumers } from "./email.js";
import { startPhoneConsumers } from "./phone.js";
import { startWhatsAppConsumers } from "./whatsapp.js";

/** Every durable consumer of the service; instances share each one's work. */
export function startConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer[]> {
  return Promise.all([
    ...startContactConsumers(deps, bus),
    ...startPhoneConsumers(deps, bus),
    ...startEmailConsumers(deps, bus),
    ...startWhatsAppConsumers(deps, bus),
  ]);
}
