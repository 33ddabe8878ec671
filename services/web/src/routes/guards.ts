import {
  CSRF_HEADER,
  ForbiddenError,
  SESSION_COOKIE,
  UnauthorizedError,
  ValidationError,
} from "@relay/domain";
import { type AppEnv, constantTimeEquals } from "@relay/service-kit";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { WebDeps } from "../deps.js";
import { type ActiveSession, resolveSession } from "../services/sessions.js";

/** The request's session (from its cookie), or 401. */
export async function sessionOf(deps: WebDeps, c: Context<AppEnv>): Promise<ActiveSession> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > 200) throw new UnauthorizedError("not logged in");
  return resolveSession(deps, token);
}

/** A state change made with a session carries the session's CSRF token (403 otherwise). */
export function requireCsrf(c: Context<AppEnv>, session: ActiveSession): void {
  const presented = c.req.header(CSRF_HEADER) ?? "";
  if (!presented || !constantTimeEquals(presented, session.csrfToken)) {
    throw new ForbiddenError(
      `missing or invalid CSRF token: send the session's csrf_token in ${CSRF_HEADER.toUpperCase()}`,
    );
  }
}

export function requireAdmin(session: ActiveSession): void {
  if (session.user.role !== "admin") throw new ForbiddenError("only an admin may do this");
}

/** Bodies that log in must be JSON: a cross-site form cannot send that without a preflight. */
export function requireJson(c: Context<AppEnv>): void {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw ValidationError.field("content-type", "must be application/json");
}

/** `httpOnly`, `SameSite=Lax`, `Secure` when the public URL is https; path `/` so `/v1` receives it. */
export function setSessionCookie(deps: WebDeps, c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: deps.config.PUBLIC_BASE_URL.startsWith("https:"),
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(deps: WebDeps, c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: deps.config.PUBLIC_BASE_URL.startsWith("https:") });
}

/** The session as the app reads it. */
export function sessionView(session: ActiveSession) {
  return {
    user: session.user,
    organization_id: session.identity.organization_id,
    csrf_token: session.csrfToken,
    expires_at: session.expiresAt.toISOString(),
    channel_ids: session.identity.channel_ids ?? null,
  };
}
