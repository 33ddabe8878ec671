import { SendEmailMessage } from "@relay/domain";
import {
  ChannelCatalog,
  type RunningService,
  startChannelProjection,
  startSends,
  startService,
} from "@relay/service-kit";
import { createApp } from "./app.js";
import { ChannelDirectory } from "./channels/directory.js";
import type { EmailConfig } from "./config.js";
import { migrations } from "./db/migrations/index.js";
import type { EmailDB } from "./db/schema.js";
import type { EmailDeps } from "./deps.js";
import { emailCallMs, smtpSendProvider } from "./services/smtp-send-provider.js";
import { startInboundListener } from "./smtp/inbound-server.js";
import { inboundTls } from "./smtp/inbound-tls.js";
import { Transports } from "./smtp/transports.js";

export { EmailConfig } from "./config.js";

/** A running email service: its HTTP server plus the SMTP listener's port. */
export interface RunningEmailService extends RunningService {
  smtpPort: number;
}

/** Starts the email adapter: used by main.ts and by tests that boot it in-process. */
export async function start(config: EmailConfig): Promise<RunningEmailService> {
  let smtpPort = config.SMTP_PORT;
  const tls = inboundTls(config);
  const running = await startService<EmailDB>({
    name: "email",
    config,
    migrations,
    // Its own events (`email.*`) and the commands it receives (`cmd.email.*`).
    streams: ["email", "cmd.email", "core"],
    async build(ctx) {
      const catalog = new ChannelCatalog({ db: ctx.database.db, bus: ctx.bus });
      const transports = new Transports({ timeoutMs: config.SMTP_TIMEOUT_MS });
      ctx.lifecycle.onShutdown("smtp transports", async () => transports.closeAll());
      const deps: EmailDeps = {
        db: ctx.database.db,
        transact: ctx.transact,
        logger: ctx.logger,
        directory: new ChannelDirectory(ctx.bus, catalog, {
          ttlMs: config.CHANNEL_CACHE_TTL_MS,
          sandbox: { host: config.SMTP_SANDBOX_HOST, port: config.SMTP_SANDBOX_PORT },
        }),
        transports,
        settings: {
          publicBaseUrl: config.PUBLIC_BASE_URL.replace(/\/+$/, ""),
          smtpTimeoutMs: config.SMTP_TIMEOUT_MS,
          attachments: {
            maxBytes: config.ATTACHMENT_MAX_BYTES,
            timeoutMs: config.ATTACHMENT_TIMEOUT_MS,
            allowPrivate: config.ATTACHMENT_ALLOW_PRIVATE,
          },
          inboundAttachmentMaxBytes: config.INBOUND_ATTACHMENT_MAX_BYTES,
        },
        readiness: ctx.readiness,
      };
      await startSends({
        db: deps.db,
        bus: ctx.bus,
        logger: ctx.logger,
        lifecycle: ctx.lifecycle,
        command: SendEmailMessage,
        durable: "email-send",
        provider: smtpSendProvider(deps),
        concurrency: config.SEND_CONCURRENCY,
        maxAttempts: config.SEND_MAX_ATTEMPTS,
        callTimeoutMs: emailCallMs(deps.settings),
        // SMTP has no lookup: an unknown attempt is sent again at once, under the same Message-ID.
        reconcileWindowMs: 0,
      });
      const listener = await startInboundListener(deps, {
        host: config.HOST,
        port: config.SMTP_PORT,
        maxBytes: config.INBOUND_MAX_BYTES,
        tls,
      });
      smtpPort = listener.port;
      ctx.lifecycle.onShutdown("smtp listener", () => listener.stop());
      const projection = await startChannelProjection({
        service: "email",
        bus: ctx.bus,
        logger: ctx.logger,
        db: ctx.database.db,
      });
      ctx.lifecycle.stopAll("channel projection", projection);
      return createApp(deps);
    },
  });
  return { ...running, smtpPort };
}
