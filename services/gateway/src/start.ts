import { type RunningService, startService } from "@relay/service-kit";
import { createApp } from "./app.js";
import { createAuthenticator } from "./auth/authenticator.js";
import { natsApiKeyLookup, natsSessionLookup } from "./auth/nats-lookup.js";
import type { GatewayConfig } from "./config.js";
import { migrations } from "./db/migrations/index.js";
import type { GatewayDB } from "./db/schema.js";
import type { GatewayDeps } from "./deps.js";
import { buildOpenApiDocument } from "./openapi/document.js";
import { closeUpstreams, createUpstreams } from "./proxy/upstreams.js";
import { FailureLimiter } from "./rate-limit/failure-limiter.js";
import { RateLimiter } from "./rate-limit/token-bucket.js";

export { GatewayConfig } from "./config.js";

/** Starts the gateway: used by main.ts and by tests that boot it in-process. */
export function start(config: GatewayConfig): Promise<RunningService> {
  return startService<GatewayDB>({
    name: "gateway",
    config,
    migrations,
    // The gateway publishes no events.
    streams: [],
    build(ctx) {
      const upstreams = createUpstreams({
        core: config.CORE_URL,
        conversations: config.CONVERSATIONS_URL,
        phone: config.PHONE_URL,
        email: config.EMAIL_URL,
        whatsapp: config.WHATSAPP_URL,
        campaigns: config.CAMPAIGNS_URL,
        sequences: config.SEQUENCES_URL,
        webhooks: config.WEBHOOKS_URL,
        web: config.WEB_URL,
      });
      // Shutdown runs in reverse: the HTTP server has finished its requests before this.
      ctx.lifecycle.onShutdown("upstream connections", () => closeUpstreams(upstreams));
      const deps: GatewayDeps = {
        logger: ctx.logger,
        readiness: ctx.readiness,
        internalToken: config.INTERNAL_TOKEN,
        authenticate: createAuthenticator({
          lookup: natsApiKeyLookup(ctx.bus),
          ttlMs: config.AUTH_CACHE_TTL_MS,
        }),
        // A revoked session stops working within the same TTL as a disabled key.
        authenticateSession: createAuthenticator({
          lookup: natsSessionLookup(ctx.bus),
          ttlMs: config.AUTH_CACHE_TTL_MS,
        }),
        rateLimiter: new RateLimiter({
          ratePerSecond: config.RATE_LIMIT_PER_SECOND,
          burst: config.RATE_LIMIT_BURST,
        }),
        authFailures: new FailureLimiter({
          limit: config.AUTH_FAILURE_LIMIT,
          windowMs: config.AUTH_FAILURE_WINDOW_SECONDS * 1000,
        }),
        trustProxy: config.TRUST_PROXY,
        upstreams,
        upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        openApiDocument: buildOpenApiDocument({ publicBaseUrl: config.PUBLIC_BASE_URL }),
      };
      return createApp(deps);
    },
  });
}
