import { RateLimitedError } from "@relay/domain";
import { type AppEnv, errorResponse } from "@relay/service-kit";
import type { MiddlewareHandler } from "hono";
import type { RateLimitDecision, RateLimiter } from "../rate-limit/token-bucket.js";

function setRateLimitHeaders(headers: Headers, decision: RateLimitDecision): void {
  headers.set("X-RateLimit-Limit", String(decision.limit));
  headers.set("X-RateLimit-Remaining", String(decision.remaining));
}

/** One token per request from the organization's bucket; none left is a 429 with `Retry-After`. */
export function rateLimit(limiter: RateLimiter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = limiter.take(c.get("organizationId"));
    if (!decision.allowed) {
      const res = errorResponse(c, new RateLimitedError(decision.retryAfterSeconds));
      setRateLimitHeaders(res.headers, decision);
      return res;
    }
    await next();
    setRateLimitHeaders(c.res.headers, decision);
  };
}
