import {
  ChannelCatalog,
  conversationAssigner,
  conversationsClient,
  coreContactsClient,
  coreTagsClient,
  coreTemplatesClient,
  PeriodicPass,
  type RunningService,
  startChannelProjection,
  startService,
} from "@relay/service-kit";
import { createApp } from "./app.js";
import type { SequencesConfig } from "./config.js";
import { startRunConsumers } from "./consumers/replies.js";
import { migrations } from "./db/migrations/index.js";
import type { SequencesDB } from "./db/schema.js";
import type { SequencesDeps } from "./deps.js";
import { timerPass } from "./services/timer-pass.js";

export { SequencesConfig } from "./config.js";

/**
 * Its own events, and the streams it consumes (core's contacts and channels, conversations'
 * messages and consent, webhooks' custom events, a service that starts after it).
 */
const STREAMS = ["sequences", "core", "conversations", "webhooks"];

/** Starts the sequences service: used by main.ts and by tests that boot it in-process. */
export function start(config: SequencesConfig, options: { now?: () => Date } = {}): Promise<RunningService> {
  return startService<SequencesDB>({
    name: "sequences",
    config,
    migrations,
    streams: STREAMS,
    async build(ctx) {
      const deps: SequencesDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        idempotency: ctx.idempotency,
        logger: ctx.logger,
        channels: new ChannelCatalog({
          db: ctx.database.db,
          bus: ctx.bus,
          rpcTimeoutMs: config.CORE_RPC_TIMEOUT_MS,
        }),
        contacts: coreContactsClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        assigner: conversationAssigner(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        templates: coreTemplatesClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        tags: coreTagsClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        bulk: conversationsClient(
          config.CONVERSATIONS_URL,
          config.INTERNAL_TOKEN,
          config.CORE_RPC_TIMEOUT_MS * 6,
          4,
        ),
        internalToken: config.INTERNAL_TOKEN,
        now: options.now ?? (() => new Date(Date.now() + config.CLOCK_OFFSET_MS)),
        readiness: ctx.readiness,
      };
      const consumers = [
        ...(await Promise.all(startRunConsumers(deps, ctx.bus))),
        ...(await startChannelProjection({
          service: "sequences",
          bus: ctx.bus,
          logger: ctx.logger,
          db: ctx.database.db,
        })),
      ];
      ctx.lifecycle.stopAll("consumers", consumers);
      const timers = Array.from({ length: config.TIMER_CONCURRENCY }, () =>
        new PeriodicPass({
          name: "sequence steps run",
          pass: (limit) => timerPass(deps, limit),
          logger: ctx.logger,
          intervalMs: config.TIMER_INTERVAL_MS,
          batchSize: config.TIMER_BATCH_SIZE,
        }).start(),
      );
      ctx.lifecycle.stopAll("timers", timers);
      return createApp(deps);
    },
  });
}
