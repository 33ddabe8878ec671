import type { ReceivedMessage } from "@relay/domain";
import { type Bus, type RunningConsumer, startBatchConsumer } from "@relay/service-kit";
import type { ConversationsDeps } from "../deps.js";
import { emailPolicy, smsPolicy, whatsAppPolicy } from "../policies/index.js";
import type { ReceivePolicy, StatusPolicy } from "../policies/policy.js";
import { applyDeliveryStatuses } from "../services/apply-delivery-status.js";
import { receiveMessages } from "../services/receive-message.js";

/** The durable names of an adapter's message consumers (as they were when each adapter had its own file). */
export function messageDurables(adapter: "phone" | "email" | "whatsapp") {
  return {
    received: `conversations-${adapter}-received`,
    status: `conversations-${adapter}-status`,
  } as const;
}

function startChannelConsumers<R extends ReceivedMessage>(
  deps: ConversationsDeps,
  bus: Bus,
  policy: ReceivePolicy<R> & StatusPolicy,
): Promise<RunningConsumer>[] {
  const durables = messageDurables(policy.channelType);
  return [
    // Inbound messages in bursts share a transaction: one commit instead of one each.
    startBatchConsumer({
      bus,
      logger: deps.logger,
      durable: durables.received,
      event: policy.received,
      maxBatch: 32,
      handleBatch: (events) => receiveMessages(deps, policy, events, durables.received),
    }),
    // Statuses come in bursts (three callbacks per message): applied many per transaction.
    startBatchConsumer({
      bus,
      logger: deps.logger,
      durable: durables.status,
      event: policy.status,
      handleBatch: (events) => applyDeliveryStatuses(deps, policy, events, durables.status),
    }),
  ];
}

/** Every adapter's inbound messages and delivery statuses, each read through its channel's policy. */
export function startMessageConsumers(deps: ConversationsDeps, bus: Bus): Promise<RunningConsumer>[] {
  return [
    ...startChannelConsumers(deps, bus, smsPolicy),
    ...startChannelConsumers(deps, bus, emailPolicy),
    ...startChannelConsumers(deps, bus, whatsAppPolicy),
  ];
}
