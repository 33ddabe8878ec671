import {
  ChannelCatalog,
  PeriodicPass,
  type RunningService,
  startChannelProjection,
  startService,
} from "@relay/service-kit";
import { createApp } from "./app.js";
import type { ConversationsConfig } from "./config.js";
import { startConsumers } from "./consumers/index.js";
import { coreClient } from "./core-client.js";
import { migrations } from "./db/migrations/index.js";
import type { ConversationsDB } from "./db/schema.js";
import type { ConversationsDeps } from "./deps.js";
import { conversationRpc } from "./rpc/assign.js";
import { releaseDueMessages } from "./services/release-scheduled.js";
import { unsubscribeKey } from "./services/unsubscribe-token.js";

export { ConversationsConfig } from "./config.js";

/**
 * Streams: its own events and the phone, email and WhatsApp commands it publishes, plus the streams it
 * consumes (core's, the phone, email and WhatsApp adapters') so it can start before their producers; every service
 * declares a stream the same way, so whoever comes first creates it.
 */
const STREAMS = [
  "conversations",
  "cmd.phone",
  "cmd.email",
  "cmd.whatsapp",
  "core",
  "phone",
  "email",
  "whatsapp",
];

/** Starts the conversations service: used by main.ts and by tests that boot it in-process. */
export function start(config: ConversationsConfig): Promise<RunningService> {
  return startService<ConversationsDB>({
    name: "conversations",
    config,
    migrations,
    streams: STREAMS,
    async build(ctx) {
      const deps: ConversationsDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        idempotency: ctx.idempotency,
        idempotencyTtlMs: config.IDEMPOTENCY_TTL_HOURS * 3_600_000,
        logger: ctx.logger,
        core: coreClient(
          ctx.bus,
          config.CORE_RPC_TIMEOUT_MS,
          new ChannelCatalog({ db: ctx.database.db, bus: ctx.bus, rpcTimeoutMs: config.CORE_RPC_TIMEOUT_MS }),
        ),
        internalToken: config.INTERNAL_TOKEN,
        autoResponseCooldownSeconds: config.AUTO_RESPONSE_COOLDOWN_SECONDS,
        email: {
          messageIdDomain: config.EMAIL_MESSAGE_ID_DOMAIN,
          publicBaseUrl: config.PUBLIC_BASE_URL,
          unsubscribeKey: unsubscribeKey(config.UNSUBSCRIBE_SECRET, config.INTERNAL_TOKEN),
        },
        readiness: ctx.readiness,
      };
      const consumers = [
        ...(await startConsumers(deps, ctx.bus)),
        ...(await startChannelProjection({
          service: "conversations",
          bus: ctx.bus,
          logger: ctx.logger,
          db: ctx.database.db,
        })),
      ];
      ctx.lifecycle.stopAll("consumers", consumers);
      const responders = conversationRpc(deps, ctx.bus);
      ctx.lifecycle.onShutdown("rpc", async () => {
        for (const subscription of responders) await subscription.drain();
      });
      const scheduler = new PeriodicPass({
        name: "scheduled messages released",
        pass: (limit, observeLag) => releaseDueMessages(deps, limit, observeLag),
        logger: ctx.logger,
        intervalMs: config.SCHEDULER_INTERVAL_MS,
        batchSize: config.SCHEDULER_BATCH_SIZE,
        lag: { metrics: ctx.metrics, label: "scheduled_messages" },
      }).start();
      ctx.lifecycle.stopAll("scheduler", [scheduler]);
      return createApp(deps);
    },
  });
}
