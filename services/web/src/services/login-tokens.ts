import { NotFoundError, type SetPassword } from "@relay/domain";
import { revokeSessions } from "../db/sessions.js";
import { setPasswordHash } from "../db/users.js";
import type { WebDeps } from "../deps.js";
import { hashPassword, newToken, tokenHash } from "./secrets.js";
import { createSession } from "./sessions.js";

export type LoginTokenKind = "invitation" | "reset";

/** Where each kind of link opens the app. */
const PAGE: Record<LoginTokenKind, string> = { invitation: "invite", reset: "reset" };

/** A one-time link for a user (an invitation, or a password reset): the token is in the URL only. */
export async function issueLoginLink(
  deps: Pick<WebDeps, "db" | "config" | "now">,
  kind: LoginTokenKind,
  organizationId: string,
  userId: number,
): Promise<{ url: string; expires_at: string }> {
  const token = newToken();
  const ttlMs =
    kind === "invitation"
      ? deps.config.INVITATION_TTL_HOURS * 3_600_000
      : deps.config.PASSWORD_RESET_TTL_MINUTES * 60_000;
  const expiresAt = new Date(deps.now().getTime() + ttlMs);
  await deps.db
    .insertInto("login_tokens")
    .values({
      id: crypto.randomUUID(),
      token_hash: tokenHash(token),
      kind,
      organization_id: organizationId,
      user_id: userId,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  const base = deps.config.PUBLIC_BASE_URL.replace(/\/+$/, "");
  return { url: `${base}/app/${PAGE[kind]}#token=${token}`, expires_at: expiresAt.toISOString() };
}

/**
 * Uses a link once: sets the password, ends the user's other sessions (a reset means the old
 * password may be known), and logs in. An unknown, used or expired token is 404.
 */
export async function redeemLoginLink(
  deps: Pick<WebDeps, "db" | "config" | "now">,
  kind: LoginTokenKind,
  input: SetPassword,
): Promise<{ token: string; expiresAt: Date }> {
  const now = deps.now();
  const passwordHash = await hashPassword(input.password);
  const claimed = await deps.db
    .updateTable("login_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash(input.token))
    .where("kind", "=", kind)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["organization_id", "user_id"])
    .executeTakeFirst();
  if (!claimed) throw new NotFoundError(kind === "invitation" ? "invitation" : "password reset link");
  await setPasswordHash(deps.db, claimed.organization_id, claimed.user_id, passwordHash);
  await revokeSessions(deps.db, claimed.organization_id, claimed.user_id, now);
  return createSession(deps, claimed.organization_id, claimed.user_id);
}
