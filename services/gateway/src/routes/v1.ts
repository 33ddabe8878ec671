import { NotFoundError, UnavailableError } from "@relay/domain";
import type { AppEnv } from "@relay/service-kit";
import { Hono } from "hono";
import { clientAddress } from "../auth/client-address.js";
import type { GatewayDeps } from "../deps.js";
import { authFailureLimit } from "../middleware/auth-failure-limit.js";
import { credentialAuth } from "../middleware/credential-auth.js";
import { rateLimit } from "../middleware/rate-limit.js";
import { forward } from "../proxy/forward.js";
import { type ServiceName, serviceFor } from "../proxy/routing-table.js";

/** The setting that names each upstream, for the 503 of a gateway without it. */
export const ENV_OF: Record<ServiceName, string> = {
  core: "CORE_URL",
  conversations: "CONVERSATIONS_URL",
  phone: "PHONE_URL",
  email: "EMAIL_URL",
  whatsapp: "WHATSAPP_URL",
  campaigns: "CAMPAIGNS_URL",
  sequences: "SEQUENCES_URL",
  webhooks: "WEBHOOKS_URL",
  web: "WEB_URL",
};

/**
 * The public API: refuse addresses that failed authentication too often, authenticate (an API
 * key, or a web session), rate-limit, then forward to the service owning the path.
 */
export function v1Routes(deps: GatewayDeps) {
  const v1 = new Hono<AppEnv>();
  v1.use(authFailureLimit(deps.authFailures, (c) => clientAddress(c, deps.trustProxy)));
  v1.use(credentialAuth(deps.authenticate, deps.authenticateSession));
  v1.use(rateLimit(deps.rateLimiter));
  v1.all("*", async (c) => {
    const service = serviceFor(c.req.path);
    if (!service) throw new NotFoundError("route");
    const upstream = deps.upstreams[service];
    if (!upstream) {
      throw new UnavailableError(
        `${service} is unavailable: this gateway has no ${ENV_OF[service]} configured`,
      );
    }
    return forward(c, upstream, {
      identity: {
        requestId: c.get("requestId"),
        internalToken: deps.internalToken,
        organizationId: c.get("organizationId"),
        userId: c.get("userId"),
        ...(c.get("channelScope") && { channelIds: [...(c.get("channelScope") ?? [])] }),
        keepAuthorization: false,
      },
      timeoutMs: deps.upstreamTimeoutMs,
    });
  });
  return v1;
}
