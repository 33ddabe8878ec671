import {
  ChannelCatalog,
  conversationsClient,
  coreContactsClient,
  coreTemplatesClient,
  PeriodicPass,
  type RunningService,
  startChannelProjection,
  startService,
} from "@relay/service-kit";
import { createApp } from "./app.js";
import type { CampaignsConfig } from "./config.js";
import { startOutcomeConsumers } from "./consumers/outcomes.js";
import { migrations } from "./db/migrations/index.js";
import type { CampaignsDB } from "./db/schema.js";
import type { CampaignsDeps } from "./deps.js";
import { dispatchPass } from "./services/dispatch-pass.js";

export { CampaignsConfig } from "./config.js";

/** Its own events, and the streams it consumes (core's channels, conversations' messages and consent). */
const STREAMS = ["campaigns", "core", "conversations"];

/** Starts the campaigns service: used by main.ts and by tests that boot it in-process. */
export function start(config: CampaignsConfig, options: { now?: () => Date } = {}): Promise<RunningService> {
  return startService<CampaignsDB>({
    name: "campaigns",
    config,
    migrations,
    streams: STREAMS,
    async build(ctx) {
      const deps: CampaignsDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        idempotency: ctx.idempotency,
        logger: ctx.logger,
        channels: new ChannelCatalog({
          db: ctx.database.db,
          bus: ctx.bus,
          rpcTimeoutMs: config.CORE_RPC_TIMEOUT_MS,
        }),
        audience: coreContactsClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        templates: coreTemplatesClient(ctx.bus, config.CORE_RPC_TIMEOUT_MS),
        bulk: conversationsClient(
          config.CONVERSATIONS_URL,
          config.INTERNAL_TOKEN,
          config.CORE_RPC_TIMEOUT_MS * 6,
        ),
        internalToken: config.INTERNAL_TOKEN,
        audiencePageSize: config.AUDIENCE_PAGE_SIZE,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        now: options.now ?? (() => new Date()),
        readiness: ctx.readiness,
      };
      const consumers = [
        ...(await Promise.all(startOutcomeConsumers(deps, ctx.bus))),
        ...(await startChannelProjection({
          service: "campaigns",
          bus: ctx.bus,
          logger: ctx.logger,
          db: ctx.database.db,
        })),
      ];
      ctx.lifecycle.stopAll("consumers", consumers);
      const dispatcher = new PeriodicPass({
        name: "campaign recipients dispatched",
        pass: () => dispatchPass(deps, 100, config.DISPATCH_CONCURRENCY),
        logger: ctx.logger,
        intervalMs: config.DISPATCH_INTERVAL_MS,
        batchSize: 1,
      }).start();
      ctx.lifecycle.stopAll("dispatcher", [dispatcher]);
      return createApp(deps);
    },
  });
}
