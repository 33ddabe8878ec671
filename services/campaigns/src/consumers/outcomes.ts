import { ConsentChanged, MessageCreated, MessageUpdated } from "@relay/domain";
import { type Bus, type RunningConsumer, startBatchConsumer, startConsumer } from "@relay/service-kit";
import type { CampaignsDeps } from "../deps.js";
import { applyMessageStatuses, applyOptOut, applyReply } from "../services/apply-outcomes.js";

/** Conversations' events that are campaign outcomes: delivery statuses, replies, opt-outs. */
export function startOutcomeConsumers(deps: CampaignsDeps, bus: Bus): Promise<RunningConsumer>[] {
  const common = { bus, logger: deps.logger };
  return [
    startBatchConsumer({
      ...common,
      durable: "campaigns-message-updated",
      event: MessageUpdated,
      handleBatch: (events) => applyMessageStatuses(deps, events),
    }),
    startConsumer({
      ...common,
      durable: "campaigns-message-created",
      event: MessageCreated,
      handle: (event) => applyReply(deps, event.data, event.organization_id),
    }),
    startConsumer({
      ...common,
      durable: "campaigns-consent-changed",
      event: ConsentChanged,
      handle: (event) => applyOptOut(deps, event.data, event.organization_id),
    }),
  ];
}
