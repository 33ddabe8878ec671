import type { SessionIdentity } from "@relay/domain";
import type { Logger, ReadinessCheck } from "@relay/service-kit";
import type { Authenticate } from "./auth/authenticator.js";
import type { Upstreams } from "./proxy/upstreams.js";
import type { FailureLimiter } from "./rate-limit/failure-limiter.js";
import type { RateLimiter } from "./rate-limit/token-bucket.js";

/** Everything the gateway's routes need, built once in start.ts. */
export interface GatewayDeps {
  logger: Logger;
  readiness: ReadinessCheck[];
  /** Sent to upstreams so they know the request passed the gateway. */
  internalToken: string;
  authenticate: Authenticate;
  /** Resolves web session cookies (asked of web, cached like API keys). */
  authenticateSession: Authenticate<SessionIdentity>;
  rateLimiter: RateLimiter;
  /** Failed authentications per client address. */
  authFailures: FailureLimiter;
  /** Whether `X-Forwarded-For` names the client (the gateway sits behind a proxy). */
  trustProxy: boolean;
  /** Each upstream service with its connection pool; undefined when that service is not deployed. */
  upstreams: Upstreams;
  upstreamTimeoutMs: number;
  /** Where clients reach the gateway (`PUBLIC_BASE_URL`). */
  publicBaseUrl: string;
  /** The public OpenAPI document, generated once at start. */
  openApiDocument: unknown;
}
