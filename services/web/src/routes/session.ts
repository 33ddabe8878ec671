import { ForgotPassword, Invite, Login, NotFoundError, SetPassword, UserIdParam } from "@relay/domain";
import { type AppEnv, readId, readJson } from "@relay/service-kit";
import { type Context, Hono } from "hono";
import { revokeSession, revokeSessions } from "../db/sessions.js";
import type { WebDeps } from "../deps.js";
import { invite } from "../services/invite.js";
import { login } from "../services/login.js";
import { type LoginTokenKind, redeemLoginLink } from "../services/login-tokens.js";
import { requestPasswordReset } from "../services/request-password-reset.js";
import { resolveSession } from "../services/sessions.js";
import {
  clearSessionCookie,
  requireAdmin,
  requireCsrf,
  requireJson,
  sessionOf,
  sessionView,
  setSessionCookie,
} from "./guards.js";

const RESET_ANSWER = "If this email belongs to an account, a link to choose a new password is on its way.";

/** `/app/api/session*`, invitations and password links: web's own API (the rest is `/v1`). */
export function sessionRoutes(deps: WebDeps) {
  const app = new Hono<AppEnv>();

  const startSession = async (
    c: Context<AppEnv>,
    created: { token: string; expiresAt: Date },
    status: 200 | 201,
  ) => {
    setSessionCookie(deps, c, created.token, created.expiresAt);
    return c.json({ data: sessionView(await resolveSession(deps, created.token)) }, status);
  };

  app.post("/session", async (c) => {
    requireJson(c);
    const input = await readJson(c, Login);
    return startSession(c, await login(deps, input), 201);
  });

  app.get("/session", async (c) => c.json({ data: sessionView(await sessionOf(deps, c)) }));

  app.delete("/session", async (c) => {
    const session = await sessionOf(deps, c);
    requireCsrf(c, session);
    await revokeSession(deps.db, session.identity.session_id, deps.now());
    clearSessionCookie(deps, c);
    return c.body(null, 204);
  });

  app.post("/invitations", async (c) => {
    const session = await sessionOf(deps, c);
    requireCsrf(c, session);
    requireAdmin(session);
    const input = await readJson(c, Invite);
    return c.json({ data: await invite(deps, session.identity.organization_id, input) }, 201);
  });

  /** "Forgot your password?": the same answer whether or not the email has an account. */
  app.post("/password_resets", async (c) => {
    requireJson(c);
    await requestPasswordReset(deps, await readJson(c, ForgotPassword));
    return c.json({ data: { message: RESET_ANSWER } }, 202);
  });

  for (const [path, kind] of [
    ["/invitations/accept", "invitation"],
    ["/password_resets/complete", "reset"],
  ] as Array<[string, LoginTokenKind]>) {
    app.post(path, async (c) => {
      requireJson(c);
      const input = await readJson(c, SetPassword);
      return startSession(c, await redeemLoginLink(deps, kind, input), 200);
    });
  }

  /** An admin ends every session of a user of the organization (e.g. a lost laptop). */
  app.delete("/users/:id/sessions", async (c) => {
    const session = await sessionOf(deps, c);
    requireCsrf(c, session);
    requireAdmin(session);
    const userId = readId(c, "id", UserIdParam, () => new NotFoundError("user"));
    const revoked = await revokeSessions(deps.db, session.identity.organization_id, userId, deps.now());
    return c.json({ data: { revoked } });
  });

  return app;
}
