import { WhatsAppMessageReceived, WhatsAppMessageStatus } from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { applyWhatsAppStatus } from "../services/apply-whatsapp-status.js";
import { receiveWhatsApp } from "../services/receive-whatsapp.js";

export const WHATSAPP_DURABLES = {
  received: "conversations-whatsapp-received",
  status: "conversations-whatsapp-status",
} as const;

/** The WhatsApp adapter's events: inbound messages and delivery statuses. */
export function startWhatsAppConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer>[] {
  const common = { bus, logger: deps.logger };
  return [
    startConsumer({
      ...common,
      durable: WHATSAPP_DURABLES.received,
      event: WhatsAppMessageReceived,
      handle: (event) => receiveWhatsApp(deps, event, WHATSAPP_DURABLES.received),
    }),
    startConsumer({
      ...common,
      durable: WHATSAPP_DURABLES.status,
      event: WhatsAppMessageStatus,
      handle: (event) => applyWhatsAppStatus(deps, event, WHATSAPP_DURABLES.status),
    }),
  ];
}
