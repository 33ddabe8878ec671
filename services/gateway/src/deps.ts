import type { Logger, ReadinessCheck } from "@relay/service-kit";
import type { Authenticate } from "./auth/authenticator.js";
import type { IdempotencyOptions } from "./idempotency/middleware.js";
import type { ServiceName } from "./proxy/routing-table.js";
import type { RateLimiter } from "./rate-limit/token-bucket.js";

/** Everything the gateway's routes need, built once in start.ts. */
export interface GatewayDeps {
  logger: Logger;
  readiness: ReadinessCheck[];
  /** Sent to upstreams so they know the request passed the gateway. */
  internalToken: string;
  authenticate: Authenticate;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyOptions;
  /** Base URL of each upstream service; undefined when that service is not deployed. */
  upstreams: Record<ServiceName, string | undefined>;
  upstreamTimeoutMs: number;
  /** Where clients reach the gateway (`PUBLIC_BASE_URL`). */
  publicBaseUrl: string;
  /** The public OpenAPI document, generated once at start. */
  openApiDocument: unknown;
}
