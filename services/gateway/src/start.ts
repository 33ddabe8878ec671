import { kitMigrations, type RunningService, startService } from "@relay/service-kit";
import { createApp } from "./app.js";
import { createAuthenticator } from "./auth/authenticator.js";
import { natsApiKeyLookup } from "./auth/nats-lookup.js";
import type { GatewayConfig } from "./config.js";
import type { GatewayDeps } from "./deps.js";
import { buildOpenApiDocument } from "./openapi/document.js";
import { RateLimiter } from "./rate-limit/token-bucket.js";

export { GatewayConfig } from "./config.js";

/** Starts the gateway: used by main.ts and by tests that boot it in-process. */
export function start(config: GatewayConfig): Promise<RunningService> {
  return startService({
    name: "gateway",
    config,
    // The kit's tables only for now; idempotency keys will add the gateway's own.
    migrations: kitMigrations,
    // The gateway publishes no events.
    streams: [],
    build(ctx) {
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
        upstreams: { core: config.CORE_URL, conversations: config.CONVERSATIONS_URL },
        upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        openApiDocument: buildOpenApiDocument({ publicBaseUrl: config.PUBLIC_BASE_URL }),
      };
      return createApp(deps);
    },
  });
}
