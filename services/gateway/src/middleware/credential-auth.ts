import { createHash } from "node:crypto";
import { CSRF_HEADER, ForbiddenError, SESSION_COOKIE, type SessionIdentity } from "@relay/domain";
import { type AppEnv, constantTimeEquals, lazyChild } from "@relay/service-kit";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { agentMayCall } from "../auth/agent-routes.js";
import type { ApiKeyIdentity, Authenticate } from "../auth/authenticator.js";
import { extractApiKey, presentedApiKey } from "../auth/extract-key.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Longer than any token web issues: refused without asking. */
const MAX_TOKEN_LENGTH = 200;

/**
 * Resolves the request's credentials to its organization: an API key when one is sent, else a
 * web session's cookie (asked of web, cached like keys). A session's state changes must carry
 * its CSRF token; an agent's session reaches only the routes agents may use, and only its channels.
 */
export function credentialAuth(
  authenticateKey: Authenticate<ApiKeyIdentity>,
  authenticateSession: Authenticate<SessionIdentity>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = presentedApiKey(c.req.raw.headers);
    const token = key ? undefined : getCookie(c, SESSION_COOKIE);
    if (!token) {
      const identity = await authenticateKey(extractApiKey(c.req.raw.headers));
      c.set("organizationId", identity.organization_id);
      c.set(
        "logger",
        lazyChild(c.get("logger"), {
          organization_id: identity.organization_id,
          api_key_id: identity.api_key_id,
        }),
      );
      return next();
    }
    const session = await authenticateSession(token.length > MAX_TOKEN_LENGTH ? "-" : token);
    checkSession(c, session);
    c.set("organizationId", session.organization_id);
    c.set("userId", session.user_id);
    if (session.channel_ids) c.set("channelScope", new Set(session.channel_ids));
    c.set(
      "logger",
      lazyChild(c.get("logger"), {
        organization_id: session.organization_id,
        user_id: session.user_id,
        session_id: session.session_id,
      }),
    );
    return next();
  };
}

function checkSession(c: Context<AppEnv>, session: SessionIdentity): void {
  if (!SAFE_METHODS.has(c.req.method)) {
    const presented = c.req.header(CSRF_HEADER) ?? "";
    const hash = createHash("sha256").update(presented).digest("hex");
    if (!presented || !constantTimeEquals(hash, session.csrf_hash)) {
      throw new ForbiddenError(
        `missing or invalid CSRF token: send the session's csrf_token in ${CSRF_HEADER.toUpperCase()}`,
      );
    }
  }
  if (session.role === "agent" && !agentMayCall(c.req.method, new URL(c.req.url).pathname)) {
    throw new ForbiddenError("agents may not use this route: it needs an admin");
  }
}
