import { EventEnvelope } from "@relay/domain";
import { type Bus, type RunningConsumer, startBatchConsumer } from "@relay/service-kit";
import { z } from "zod";
import type { WebhooksDeps } from "../deps.js";
import { ingestEvents } from "../services/ingest-events.js";
import { SOURCE_STREAMS } from "../services/public-event.js";

/**
 * One durable consumer per producing service's stream, whole: events of one resource (a message
 * created, then updated) are stored in the order the stream holds them. Events that are not
 * public are acked and skipped.
 */
export function startEventConsumers(deps: WebhooksDeps, bus: Bus, batch: number): Promise<RunningConsumer>[] {
  return SOURCE_STREAMS.map((root) =>
    startBatchConsumer({
      bus,
      logger: deps.logger,
      durable: `webhooks-${root}`,
      event: { subject: `${root}.>`, data: z.unknown() },
      schema: EventEnvelope,
      batch,
      handleBatch: (events) => ingestEvents(deps, events as EventEnvelope[]),
    }),
  );
}
