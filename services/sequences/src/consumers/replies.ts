import { ConsentChanged, MessageCreated } from "@relay/domain";
import { type Bus, type RunningConsumer, startConsumer } from "@relay/service-kit";
import type { SequencesDeps } from "../deps.js";
import { applyOptOut, applyReply } from "../services/apply-replies.js";

/** Conversations' events that move runs: replies (inbound messages) and opt-outs. */
export function startRunConsumers(deps: SequencesDeps, bus: Bus): Promise<RunningConsumer>[] {
  const common = { bus, logger: deps.logger };
  return [
    startConsumer({
      ...common,
      durable: "sequences-message-created",
      event: MessageCreated,
      handle: (event) => applyReply(deps, event.data, event.organization_id),
    }),
    startConsumer({
      ...common,
      durable: "sequences-consent-changed",
      event: ConsentChanged,
      handle: (event) => applyOptOut(deps, event.data, event.organization_id),
    }),
  ];
}
