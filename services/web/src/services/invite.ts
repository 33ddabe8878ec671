import type { Invite, User } from "@relay/domain";
import { storeUser } from "../db/users.js";
import type { WebDeps } from "../deps.js";
import { issueLoginLink } from "./login-tokens.js";

/** An admin invites someone: the user is created in core (its rules: 422 for a taken email), then a link. */
export async function invite(
  deps: Pick<WebDeps, "db" | "config" | "now" | "coreUsers">,
  organizationId: string,
  input: Invite,
): Promise<{ user: User; invitation_url: string; expires_at: string }> {
  const user = await deps.coreUsers.create(organizationId, input);
  // Stored now: the link must work before core's event arrives.
  await storeUser(deps.db, organizationId, user);
  const link = await issueLoginLink(deps, "invitation", organizationId, user.id);
  return { user, invitation_url: link.url, expires_at: link.expires_at };
}
