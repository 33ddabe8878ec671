import { UnavailableError } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import type { GatewayDeps } from "../deps.js";
import { forward } from "../proxy/forward.js";
import type { ServiceName } from "../proxy/routing-table.js";
import { ENV_OF } from "./v1.js";

/** Which adapter receives each provider's webhooks. */
const WEBHOOK_OWNERS: Record<string, ServiceName> = { twilio: "phone", email: "email", whatsapp: "whatsapp" };

/**
 * Forwards a request untouched (no API key, no organization) to `service`: the service checks
 * the request's own proof (a provider's signature over the public URL, a signed token, web's
 * session cookie: only `/app` keeps the client's credentials).
 */
export function passThrough(
  deps: GatewayDeps,
  service: ServiceName,
  c: Context<AppEnv>,
  options: { keepCredentials?: boolean } = {},
) {
  const upstream = deps.upstreams[service];
  if (!upstream)
    throw new UnavailableError(`${service} is unavailable: this gateway has no ${ENV_OF[service]}`);
  return forward(c, upstream, {
    identity: {
      requestId: c.get("requestId"),
      internalToken: deps.internalToken,
      keepAuthorization: options.keepCredentials ?? false,
    },
    timeoutMs: deps.upstreamTimeoutMs,
  });
}

/** Provider webhooks: `/webhooks/<provider>` and everything below it. */
export function webhookRoutes(deps: GatewayDeps) {
  const webhooks = new Hono<AppEnv>();
  const toOwner = (c: Context<AppEnv>) => {
    const service = WEBHOOK_OWNERS[c.req.param("provider") ?? ""];
    return service ? passThrough(deps, service, c) : c.notFound();
  };
  webhooks.all("/:provider", toOwner);
  webhooks.all("/:provider/*", toOwner);
  return webhooks;
}
