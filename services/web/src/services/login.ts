import { type Login, UnauthorizedError } from "@relay/domain";
import { loginsByEmail } from "../db/users.js";
import type { WebDeps } from "../deps.js";
import { clearAttempts, countAttempt, refuseWhenTooMany } from "./attempt-limit.js";
import { DECOY_HASH, verifyPassword } from "./secrets.js";
import { createSession } from "./sessions.js";

/**
 * Email + password → a new session. Failures are counted per email: past LOGIN_MAX_FAILURES in
 * the window, logins for that email answer 429 until the oldest failure leaves it. A miss costs
 * as much as a wrong password.
 */
export async function login(
  deps: Pick<WebDeps, "db" | "config" | "now">,
  input: Login,
): Promise<{ token: string; expiresAt: Date }> {
  const email = input.email.toLowerCase();
  await refuseWhenTooMany(deps, "login", email);
  const logins = await loginsByEmail(deps.db, email);
  for (const candidate of logins.length ? logins : [undefined]) {
    const matches = await verifyPassword(input.password, candidate?.password_hash ?? DECOY_HASH);
    if (matches && candidate) {
      await clearAttempts(deps, "login", email);
      return createSession(deps, candidate.organization_id, candidate.id);
    }
  }
  await countAttempt(deps, "login", email);
  throw new UnauthorizedError("wrong email or password");
}
