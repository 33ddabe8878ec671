import { type RunningService, startService } from "@relay/service-kit";
import { createApp } from "./app.js";
import { ChannelDirectory } from "./channels/directory.js";
import type { WhatsAppConfig } from "./config.js";
import { startSendConsumers } from "./consumers/send-command.js";
import { migrations } from "./db/migrations/index.js";
import type { WhatsAppDB } from "./db/schema.js";
import type { WhatsAppDeps } from "./deps.js";

export { WhatsAppConfig } from "./config.js";

/** Starts the WhatsApp adapter: used by main.ts and by tests that boot it in-process. */
export function start(config: WhatsAppConfig): Promise<RunningService> {
  return startService<WhatsAppDB>({
    name: "whatsapp",
    config,
    migrations,
    // Its own events (`whatsapp.*`) and the commands it receives (`cmd.whatsapp.*`).
    streams: ["whatsapp", "cmd.whatsapp"],
    async build(ctx) {
      const deps: WhatsAppDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        logger: ctx.logger,
        directory: new ChannelDirectory(ctx.bus, {
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
          sendMaxAttempts: config.SEND_MAX_ATTEMPTS,
          timeoutMs: config.WHATSAPP_TIMEOUT_MS,
        },
        readiness: ctx.readiness,
      };
      const consumers = await startSendConsumers(deps, ctx.bus, { concurrency: config.SEND_CONCURRENCY });
      ctx.lifecycle.onShutdown("send consumers", async () => {
        await Promise.all(consumers.map((consumer) => consumer.stop()));
      });
      return createApp(deps);
    },
  });
}
