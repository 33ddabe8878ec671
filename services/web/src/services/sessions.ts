import { type SessionIdentity, UnauthorizedError, type UserRole } from "@relay/domain";
import { channelsOfUser, findLiveSession, insertSession } from "../db/sessions.js";
import type { WebDeps } from "../deps.js";
import { newToken, tokenHash } from "./secrets.js";

/** A resolved session as web's own routes use it; `identity` is what the gateway is told. */
export interface ActiveSession {
  identity: SessionIdentity;
  csrfToken: string;
  expiresAt: Date;
  user: { id: number; name: string; email: string; role: UserRole };
}

/** A new session for a user: the cookie's token (shown once, stored hashed) and its CSRF token. */
export async function createSession(
  deps: Pick<WebDeps, "db" | "config" | "now">,
  organizationId: string,
  userId: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(deps.now().getTime() + deps.config.SESSION_TTL_HOURS * 3_600_000);
  await insertSession(deps.db, {
    id: crypto.randomUUID(),
    tokenHash: tokenHash(token),
    csrfToken: newToken(),
    organizationId,
    userId,
    expiresAt,
  });
  return { token, expiresAt };
}

/** The session a cookie's token names; 401 when unknown, expired, revoked or its user is gone. */
export async function resolveSession(
  deps: Pick<WebDeps, "db" | "now">,
  token: string,
): Promise<ActiveSession> {
  const row = await findLiveSession(deps.db, tokenHash(token), deps.now());
  if (!row) throw new UnauthorizedError("invalid, expired or revoked session: log in again");
  const role = row.role === "admin" ? "admin" : "agent";
  const channelIds =
    role === "agent" ? await channelsOfUser(deps.db, row.organization_id, row.user_id) : undefined;
  return {
    identity: {
      session_id: row.id,
      organization_id: row.organization_id,
      user_id: row.user_id,
      role,
      ...(channelIds && { channel_ids: channelIds }),
      csrf_hash: tokenHash(row.csrf_token),
    },
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at),
    user: { id: row.user_id, name: row.name, email: row.email, role },
  };
}
