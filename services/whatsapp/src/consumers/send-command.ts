import { SendWhatsAppMessage } from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { WhatsAppDeps } from "../deps.js";
import { sendMessage } from "../services/send-message.js";

export const SEND_DURABLE = "whatsapp-send";

/** `cmd.whatsapp.send` → the Graph API; several pull loops share the one durable consumer. */
export async function startSendConsumers(
  deps: WhatsAppDeps,
  bus: Bus,
  options: { concurrency: number },
): Promise<RunningConsumer[]> {
  // Room for every Graph attempt plus deliveries that found the message busy or core away.
  const maxDeliver = deps.settings.sendMaxAttempts + 10;
  const consumers: RunningConsumer[] = [];
  for (let i = 0; i < options.concurrency; i++) {
    consumers.push(
      await startConsumer({
        bus,
        logger: deps.logger,
        durable: SEND_DURABLE,
        event: SendWhatsAppMessage,
        maxDeliver,
        ackWaitMs: 60_000,
        batch: 1,
        handle: (command, msg) =>
          sendMessage(deps, command, { lastDelivery: msg.info.deliveryCount >= maxDeliver }),
      }),
    );
  }
  return consumers;
}
