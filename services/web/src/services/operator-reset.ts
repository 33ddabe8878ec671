import { ConflictError, NotFoundError, type OperatorReset } from "@relay/domain";
import { findUsersByEmail, storeUser } from "../db/users.js";
import type { WebDeps } from "../deps.js";
import { issueLoginLink } from "./login-tokens.js";

/**
 * The operator's password-reset link for one user: by id (asked of core, so a user created a
 * moment ago works) or by email (ambiguous across organizations unless one is named).
 */
export async function operatorReset(
  deps: Pick<WebDeps, "db" | "config" | "now" | "coreUsers">,
  input: OperatorReset,
): Promise<{
  organization_id: string;
  user_id: number;
  email: string;
  reset_url: string;
  expires_at: string;
}> {
  let target: { organization_id: string; id: number; email: string };
  if ("user_id" in input) {
    const user = await deps.coreUsers.get(input.organization_id, input.user_id);
    await storeUser(deps.db, input.organization_id, user);
    target = { organization_id: input.organization_id, id: user.id, email: user.email };
  } else {
    const found = await findUsersByEmail(deps.db, input.email, input.organization_id);
    if (found.length === 0) throw new NotFoundError("user");
    if (found.length > 1)
      throw new ConflictError("several organizations have a user with this email: name organization_id");
    target = found[0] as (typeof found)[number];
  }
  const link = await issueLoginLink(deps, "reset", target.organization_id, target.id);
  return {
    organization_id: target.organization_id,
    user_id: target.id,
    email: target.email,
    reset_url: link.url,
    expires_at: link.expires_at,
  };
}
