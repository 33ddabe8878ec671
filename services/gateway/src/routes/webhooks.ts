import { UnavailableError } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import type { GatewayDeps } from "../deps.js";
import { forward } from "../proxy/forward.js";
import { upstreamRequestHeaders } from "../proxy/headers.js";
import type { ServiceName } from "../proxy/routing-table.js";
import { ENV_OF } from "./v1.js";

/** Which adapter receives each provider's webhooks. */
const WEBHOOK_OWNERS: Record<string, ServiceName> = { twilio: "phone" };

/**
 * Provider webhooks (`/webhooks/<provider>/*`) carry no API key: the adapter checks the
 * provider's signature over the public URL, so the path, query and body pass through untouched.
 */
export function webhookRoutes(deps: GatewayDeps) {
  const webhooks = new Hono<AppEnv>();
  webhooks.all("/:provider/*", (c) => {
    const service = WEBHOOK_OWNERS[c.req.param("provider")];
    if (!service) return c.notFound();
    const baseUrl = deps.upstreams[service];
    if (!baseUrl)
      throw new UnavailableError(`${service} is unavailable: this gateway has no ${ENV_OF[service]}`);
    const headers = upstreamRequestHeaders(c.req.raw.headers, {
      requestId: c.get("requestId"),
      internalToken: deps.internalToken,
      keepAuthorization: false,
    });
    return forward(c.req.raw, { service, baseUrl }, { headers, timeoutMs: deps.upstreamTimeoutMs });
  });
  return webhooks;
}
