import { ChannelCreated, ChannelDeleted, ChannelUpdated } from "@relay/domain";
import type { QueryExecutorProvider } from "kysely";
import { type RunningConsumer, startConsumer } from "../consumer.js";
import type { Logger } from "../logger.js";
import type { Bus } from "../nats.js";
import { forgetChannel, storeChannel } from "./channel-store.js";

/**
 * Keeps `channel_projection` from core's channel events (durables `<service>-channel-*`).
 * Storing is version-guarded and deleting leaves a tombstone, so replays and reordering are
 * harmless: no inbox needed.
 */
export function startChannelProjection(options: {
  service: string;
  bus: Bus;
  logger: Logger;
  db: QueryExecutorProvider;
}): Promise<RunningConsumer[]> {
  const { service, bus, logger, db } = options;
  return Promise.all([
    startConsumer({
      bus,
      logger,
      durable: `${service}-channel-created`,
      event: ChannelCreated,
      handle: (event) => storeChannel(db, event.organization_id, event.data),
    }),
    startConsumer({
      bus,
      logger,
      durable: `${service}-channel-updated`,
      event: ChannelUpdated,
      handle: (event) => storeChannel(db, event.organization_id, event.data),
    }),
    startConsumer({
      bus,
      logger,
      durable: `${service}-channel-deleted`,
      event: ChannelDeleted,
      handle: (event) => forgetChannel(db, event.organization_id, event.data.id),
    }),
  ]);
}
