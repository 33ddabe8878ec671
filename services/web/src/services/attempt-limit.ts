import { RateLimitedError } from "@relay/domain";
import { sql } from "kysely";
import type { WebDeps } from "../deps.js";

/** What is counted per email: failed logins, and reset links asked for. */
export type AttemptKind = "login" | "reset";

type Deps = Pick<WebDeps, "db" | "config" | "now">;

/**
 * 429 once an email has LOGIN_MAX_FAILURES attempts of this kind in the window (in PostgreSQL,
 * so every instance sees them), until the oldest leaves it.
 */
export async function refuseWhenTooMany(deps: Deps, kind: AttemptKind, email: string): Promise<void> {
  const now = deps.now();
  const windowMs = deps.config.LOGIN_WINDOW_SECONDS * 1000;
  const attempts = await deps.db
    .selectFrom("login_failures")
    .select([(eb) => eb.fn.countAll<string>().as("n"), (eb) => eb.fn.min("failed_at").as("oldest")])
    .where("kind", "=", kind)
    .where("email", "=", email.toLowerCase())
    .where("failed_at", ">", new Date(now.getTime() - windowMs))
    .executeTakeFirstOrThrow();
  if (Number(attempts.n) >= deps.config.LOGIN_MAX_FAILURES) {
    const oldest = attempts.oldest ? new Date(attempts.oldest).getTime() : now.getTime();
    throw new RateLimitedError(Math.max(1, Math.ceil((oldest + windowMs - now.getTime()) / 1000)));
  }
}

export async function countAttempt(deps: Deps, kind: AttemptKind, email: string): Promise<void> {
  await deps.db
    .insertInto("login_failures")
    .values({ kind, email: email.toLowerCase(), failed_at: sql`${deps.now().toISOString()}::timestamptz` })
    .execute();
}

export async function clearAttempts(
  deps: Pick<WebDeps, "db">,
  kind: AttemptKind,
  email: string,
): Promise<void> {
  await deps.db
    .deleteFrom("login_failures")
    .where("kind", "=", kind)
    .where("email", "=", email.toLowerCase())
    .execute();
}
