import { UnavailableError } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { GatewayDeps } from "../deps.js";
import { forward } from "../proxy/forward.js";

/**
 * Operator routes (`/admin/*`) go to core untouched: core checks the admin bearer token, so the
 * client's `Authorization` is passed on here and nowhere else. No API key, no rate limit.
 */
export function adminRoutes(deps: GatewayDeps) {
  const admin = new Hono<AppEnv>();
  admin.all("*", (c) => {
    const upstream = deps.upstreams.core;
    if (!upstream) throw new UnavailableError("core is unavailable");
    return forward(c, upstream, {
      identity: {
        requestId: c.get("requestId"),
        internalToken: deps.internalToken,
        keepAuthorization: true,
      },
      timeoutMs: deps.upstreamTimeoutMs,
    });
  });
  return admin;
}
