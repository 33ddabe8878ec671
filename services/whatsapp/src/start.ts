import { SendWhatsAppMessage } from "@relay/domain";
import {
  ChannelCatalog,
  type RunningService,
  startChannelProjection,
  startSends,
  startService,
} from "@relay/service-kit";
import { createApp } from "./app.js";
import { ChannelDirectory } from "./channels/directory.js";
import type { WhatsAppConfig } from "./config.js";
import { migrations } from "./db/migrations/index.js";
import type { WhatsAppDB } from "./db/schema.js";
import type { WhatsAppDeps } from "./deps.js";
import { graphSendProvider } from "./services/graph-send-provider.js";

export { WhatsAppConfig } from "./config.js";

/** Starts the WhatsApp adapter: used by main.ts and by tests that boot it in-process. */
export function start(config: WhatsAppConfig): Promise<RunningService> {
  return startService<WhatsAppDB>({
    name: "whatsapp",
    config,
    migrations,
    // Its own events (`whatsapp.*`) and the commands it receives (`cmd.whatsapp.*`).
    streams: ["whatsapp", "cmd.whatsapp", "core"],
    async build(ctx) {
      const catalog = new ChannelCatalog({ db: ctx.database.db, bus: ctx.bus });
      const deps: WhatsAppDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        logger: ctx.logger,
        directory: new ChannelDirectory(ctx.bus, catalog, {
          ttlMs: config.CHANNEL_CACHE_TTL_MS,
          apiUrl: config.WHATSAPP_API_URL,
          sandbox: {
            apiUrl: config.WHATSAPP_SANDBOX_API_URL,
            accessToken: config.WHATSAPP_SANDBOX_ACCESS_TOKEN,
            appSecret: config.WHATSAPP_SANDBOX_APP_SECRET,
            verifyToken: config.WHATSAPP_SANDBOX_VERIFY_TOKEN,
          },
        }),
        settings: {
          apiVersion: config.WHATSAPP_API_VERSION,
          timeoutMs: config.WHATSAPP_TIMEOUT_MS,
          allowPrivateMedia: config.ATTACHMENT_ALLOW_PRIVATE,
        },
        readiness: ctx.readiness,
      };
      await startSends({
        db: deps.db,
        bus: ctx.bus,
        logger: ctx.logger,
        lifecycle: ctx.lifecycle,
        command: SendWhatsAppMessage,
        durable: "whatsapp-send",
        provider: graphSendProvider(deps),
        concurrency: config.SEND_CONCURRENCY,
        maxAttempts: config.SEND_MAX_ATTEMPTS,
        callTimeoutMs: config.WHATSAPP_TIMEOUT_MS,
        reconcileWindowMs: config.SEND_RECONCILE_WINDOW_MS,
      });
      const projection = await startChannelProjection({
        service: "whatsapp",
        bus: ctx.bus,
        logger: ctx.logger,
        db: ctx.database.db,
      });
      ctx.lifecycle.stopAll("channel projection", projection);
      return createApp(deps);
    },
  });
}
