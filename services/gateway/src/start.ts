import { type RunningService, startService } from "@relay/service-kit";
import { createApp } from "./app.js";
import { createAuthenticator } from "./auth/authenticator.js";
import { natsApiKeyLookup } from "./auth/nats-lookup.js";
import type { GatewayConfig } from "./config.js";
import { deleteExpiredKeys } from "./db/idempotency-keys.js";
import { migrations } from "./db/migrations/index.js";
import type { GatewayDB } from "./db/schema.js";
import type { GatewayDeps } from "./deps.js";
import { buildOpenApiDocument } from "./openapi/document.js";
import { RateLimiter } from "./rate-limit/token-bucket.js";

export { GatewayConfig } from "./config.js";

/** Starts the gateway: used by main.ts and by tests that boot it in-process. */
export function start(config: GatewayConfig): Promise<RunningService> {
  const idempotencyTtlMs = config.IDEMPOTENCY_TTL_HOURS * 3_600_000;
  return startService<GatewayDB>({
    name: "gateway",
    config,
    migrations,
    // The gateway publishes no events.
    streams: [],
    build(ctx) {
      const sweep = setInterval(() => {
        deleteExpiredKeys(ctx.database.db, idempotencyTtlMs).catch((error) =>
          ctx.logger.warn({ err: error }, "idempotency key cleanup failed"),
        );
      }, 600_000);
      sweep.unref();
      ctx.lifecycle.onShutdown("idempotency cleanup", () => clearInterval(sweep));
      const deps: GatewayDeps = {
        logger: ctx.logger,
        readiness: ctx.readiness,
        internalToken: config.INTERNAL_TOKEN,
        authenticate: createAuthenticator({
          lookup: natsApiKeyLookup(ctx.bus),
          ttlMs: config.AUTH_CACHE_TTL_MS,
        }),
        rateLimiter: new RateLimiter({
          ratePerSecond: config.RATE_LIMIT_PER_SECOND,
          burst: config.RATE_LIMIT_BURST,
        }),
        idempotency: {
          db: ctx.database.db,
          ttlMs: idempotencyTtlMs,
          staleAfterMs: config.UPSTREAM_TIMEOUT_MS * 2,
        },
        upstreams: {
          core: config.CORE_URL,
          conversations: config.CONVERSATIONS_URL,
          phone: config.PHONE_URL,
          email: config.EMAIL_URL,
          whatsapp: config.WHATSAPP_URL,
        },
        upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        openApiDocument: buildOpenApiDocument({ publicBaseUrl: config.PUBLIC_BASE_URL }),
      };
      return createApp(deps);
    },
  });
}
