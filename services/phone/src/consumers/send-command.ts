import { SendPhoneMessage } from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { PhoneDeps } from "../deps.js";
import { sendMessage } from "../services/send-message.js";

export const SEND_DURABLE = "phone-send";

/**
 * `cmd.phone.send` → Twilio. Several pull loops share the one durable consumer so a channel
 * waiting for its next send slot does not hold up the others; instances share it the same way.
 */
export async function startSendConsumers(
  deps: PhoneDeps,
  bus: Bus,
  options: { concurrency: number; signal: AbortSignal },
): Promise<RunningConsumer[]> {
  // Room for every Twilio attempt plus deliveries that found the message busy or core away.
  const maxDeliver = deps.settings.sendMaxAttempts + 10;
  const consumers: RunningConsumer[] = [];
  for (let i = 0; i < options.concurrency; i++) {
    consumers.push(
      await startConsumer({
        bus,
        logger: deps.logger,
        durable: SEND_DURABLE,
        event: SendPhoneMessage,
        maxDeliver,
        ackWaitMs: 60_000,
        batch: 1,
        handle: (command, msg) =>
          sendMessage(deps, command, {
            heartbeat: () => msg.working(),
            lastDelivery: msg.info.deliveryCount >= maxDeliver,
            signal: options.signal,
          }),
      }),
    );
  }
  return consumers;
}
