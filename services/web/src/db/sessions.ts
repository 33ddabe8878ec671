import { type Kysely, sql } from "kysely";
import type { WebDB } from "./schema.js";

export interface NewSession {
  id: string;
  tokenHash: string;
  csrfToken: string;
  organizationId: string;
  userId: number;
  expiresAt: Date;
}

export async function insertSession(db: Kysely<WebDB>, session: NewSession): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      csrf_token: session.csrfToken,
      organization_id: session.organizationId,
      user_id: session.userId,
      expires_at: session.expiresAt,
      revoked_at: null,
    })
    .execute();
}

/** A live session (not expired, not revoked) of a user who still exists and has a login. */
export function findLiveSession(db: Kysely<WebDB>, tokenHash: string, now: Date) {
  return db
    .selectFrom("sessions as s")
    .innerJoin("users as u", (join) =>
      join.onRef("u.organization_id", "=", "s.organization_id").onRef("u.id", "=", "s.user_id"),
    )
    .select([
      "s.id",
      "s.csrf_token",
      "s.organization_id",
      "s.user_id",
      "s.expires_at",
      "u.name",
      "u.email",
      "u.role",
    ])
    .where("s.token_hash", "=", tokenHash)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", now)
    .where("u.deleted", "=", false)
    .executeTakeFirst();
}

/** Revokes sessions of a user (all, or all but `except`); returns how many. */
export async function revokeSessions(
  db: Kysely<WebDB>,
  organizationId: string,
  userId: number,
  now: Date,
  except?: string,
): Promise<number> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .$if(except !== undefined, (q) => q.where("id", "!=", except ?? ""))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function revokeSession(db: Kysely<WebDB>, id: string, now: Date): Promise<void> {
  await db.updateTable("sessions").set({ revoked_at: now }).where("id", "=", id).execute();
}

/** The channels an agent may use, from the projection of core's channel events. */
export async function channelsOfUser(
  db: Kysely<WebDB>,
  organizationId: string,
  userId: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom("channel_access")
    .select("id")
    .where("organization_id", "=", organizationId)
    .where("deleted", "=", false)
    .where(sql<boolean>`${userId} = any(user_ids)`)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.id);
}

/** Sessions and login failures past any use. */
export async function sweepSessions(
  db: Kysely<WebDB>,
  now: Date,
  failureWindowSeconds: number,
): Promise<void> {
  await db
    .deleteFrom("sessions")
    .where("expires_at", "<", new Date(now.getTime() - 86_400_000))
    .execute();
  await db
    .deleteFrom("login_failures")
    .where("failed_at", "<", new Date(now.getTime() - failureWindowSeconds * 1000))
    .execute();
  await db
    .deleteFrom("login_tokens")
    .where("expires_at", "<", new Date(now.getTime() - 86_400_000))
    .execute();
}
