import { type Login, RateLimitedError, UnauthorizedError } from "@relay/domain";
import { sql } from "kysely";
import { loginsByEmail } from "../db/users.js";
import type { WebDeps } from "../deps.js";
import { DECOY_HASH, verifyPassword } from "./secrets.js";
import { createSession } from "./sessions.js";

/**
 * Email + password → a new session. Failures are counted per email (in PostgreSQL, so every
 * instance sees them): past LOGIN_MAX_FAILURES in the window, logins for that email answer 429
 * until the oldest failure leaves it. A miss costs as much as a wrong password.
 */
export async function login(
  deps: Pick<WebDeps, "db" | "config" | "now">,
  input: Login,
): Promise<{ token: string; expiresAt: Date }> {
  const email = input.email.toLowerCase();
  const now = deps.now();
  const windowMs = deps.config.LOGIN_WINDOW_SECONDS * 1000;
  const since = new Date(now.getTime() - windowMs);
  const failures = await deps.db
    .selectFrom("login_failures")
    .select([(eb) => eb.fn.countAll<string>().as("n"), (eb) => eb.fn.min("failed_at").as("oldest")])
    .where("email", "=", email)
    .where("failed_at", ">", since)
    .executeTakeFirstOrThrow();
  if (Number(failures.n) >= deps.config.LOGIN_MAX_FAILURES) {
    const oldest = failures.oldest ? new Date(failures.oldest).getTime() : now.getTime();
    throw new RateLimitedError(Math.max(1, Math.ceil((oldest + windowMs - now.getTime()) / 1000)));
  }
  const logins = await loginsByEmail(deps.db, email);
  for (const candidate of logins.length ? logins : [undefined]) {
    const matches = await verifyPassword(input.password, candidate?.password_hash ?? DECOY_HASH);
    if (matches && candidate) {
      await deps.db.deleteFrom("login_failures").where("email", "=", email).execute();
      return createSession(deps, candidate.organization_id, candidate.id);
    }
  }
  await deps.db
    .insertInto("login_failures")
    .values({ email, failed_at: sql`${now.toISOString()}::timestamptz` })
    .execute();
  throw new UnauthorizedError("wrong email or password");
}
