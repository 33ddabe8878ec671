import { type AppEnv, lazyChild } from "@relay/service-kit";
import type { MiddlewareHandler } from "hono";
import type { Authenticate } from "../auth/authenticator.js";
import { extractApiKey } from "../auth/extract-key.js";

/** Resolves the request's API key to its organization, or answers 401 (503 if core is down). */
export function apiKeyAuth(authenticate: Authenticate): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const identity = await authenticate(extractApiKey(c.req.raw.headers));
    c.set("organizationId", identity.organization_id);
    c.set(
      "logger",
      lazyChild(c.get("logger"), {
        organization_id: identity.organization_id,
        api_key_id: identity.api_key_id,
      }),
    );
    await next();
  };
}
