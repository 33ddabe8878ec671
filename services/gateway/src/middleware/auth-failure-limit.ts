import { AppError, RateLimitedError } from "@relay/domain";
import { type AppEnv, errorResponse } from "@relay/service-kit";
import type { Context, MiddlewareHandler } from "hono";
import type { FailureLimiter } from "../rate-limit/failure-limiter.js";

/**
 * Runs before API-key authentication: an address with too many failed authentications gets 429
 * with `Retry-After` without its key being looked up (each lookup is a request to core).
 */
export function authFailureLimit(
  limiter: FailureLimiter,
  addressOf: (c: Context<AppEnv>) => string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const address = addressOf(c);
    const retryAfter = limiter.retryAfterSeconds(address);
    if (retryAfter > 0) return errorResponse(c, new RateLimitedError(retryAfter));
    await next();
    // Hono hands a thrown error to onError and keeps it in `c.error`: a 401 from the key check.
    if (c.error instanceof AppError && c.error.code === "unauthorized") limiter.recordFailure(address);
  };
}
