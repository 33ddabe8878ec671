import { SendPhoneMessage } from "@relay/domain";
import {
  ChannelCatalog,
  type RunningService,
  SendStatusWriter,
  startChannelProjection,
  startSends,
  startService,
  WebhookWriter,
} from "@relay/service-kit";
import { createApp } from "./app.js";
import { ChannelDirectory } from "./channels/directory.js";
import type { PhoneConfig } from "./config.js";
import { migrations } from "./db/migrations/index.js";
import type { PhoneDB } from "./db/schema.js";
import type { PhoneDeps } from "./deps.js";
import { paceSends } from "./services/pace-send.js";
import { SendStates } from "./services/send-states.js";
import { twilioSendProvider } from "./services/twilio-send-provider.js";
import { TwilioClients } from "./twilio/clients.js";

export { PhoneConfig } from "./config.js";

/** Starts the phone adapter: used by main.ts and by tests that boot it in-process. */
export function start(config: PhoneConfig): Promise<RunningService> {
  return startService<PhoneDB>({
    name: "phone",
    config,
    migrations,
    // Its own events (`phone.*`) and the commands it receives (`cmd.phone.*`).
    streams: ["phone", "cmd.phone", "core"],
    async build(ctx) {
      const catalog = new ChannelCatalog({ db: ctx.database.db, bus: ctx.bus });
      const deps: PhoneDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        autocommit: ctx.autocommit,
        sends: new SendStates(),
        statuses: new SendStatusWriter(ctx.autocommit),
        webhooks: new WebhookWriter(ctx.autocommit),
        logger: ctx.logger,
        directory: new ChannelDirectory(ctx.bus, catalog, {
          ttlMs: config.CHANNEL_CACHE_TTL_MS,
          twilioApiUrl: config.TWILIO_API_URL,
          sandbox: {
            apiUrl: config.TWILIO_SANDBOX_API_URL,
            accountSid: config.TWILIO_SANDBOX_ACCOUNT_SID,
            authToken: config.TWILIO_SANDBOX_AUTH_TOKEN,
          },
        }),
        twilio: new TwilioClients({ timeoutMs: config.TWILIO_TIMEOUT_MS }),
        settings: {
          publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ""),
          voiceGreeting: config.VOICE_GREETING,
          ringTimeoutSeconds: config.VOICE_RING_TIMEOUT_SECONDS,
          allowPrivateMedia: config.ATTACHMENT_ALLOW_PRIVATE,
        },
        readiness: ctx.readiness,
      };
      await startSends({
        db: deps.db,
        bus: ctx.bus,
        logger: ctx.logger,
        lifecycle: ctx.lifecycle,
        command: SendPhoneMessage,
        durable: "phone-send",
        provider: twilioSendProvider(deps),
        // The channel's next pacing slot: a backlog waits in the ledger, holding no place.
        dueAt: (commands) => paceSends(deps, commands),
        concurrency: config.SEND_CONCURRENCY,
        maxAttempts: config.SEND_MAX_ATTEMPTS,
        callTimeoutMs: config.TWILIO_TIMEOUT_MS,
        reconcileWindowMs: config.SEND_RECONCILE_WINDOW_MS,
      });
      const projection = await startChannelProjection({
        service: "phone",
        bus: ctx.bus,
        logger: ctx.logger,
        db: ctx.database.db,
      });
      ctx.lifecycle.stopAll("channel projection", projection);
      return createApp(deps);
    },
  });
}
