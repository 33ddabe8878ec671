import type { User } from "@relay/domain";
import { type Kysely, sql } from "kysely";
import type { WebDB } from "./schema.js";

/** Stores a user unless a newer version of it, or its deletion, is already here. */
export async function storeUser(db: Kysely<WebDB>, organizationId: string, user: User): Promise<void> {
  await db
    .insertInto("users")
    .values({
      organization_id: organizationId,
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      version: user.updated_at,
    })
    .onConflict((oc) =>
      oc
        .columns(["organization_id", "id"])
        .doUpdateSet({
          name: (eb) => eb.ref("excluded.name"),
          email: (eb) => eb.ref("excluded.email"),
          role: (eb) => eb.ref("excluded.role"),
          version: (eb) => eb.ref("excluded.version"),
        })
        .where("users.deleted", "=", false)
        .where(sql<boolean>`users.version <= excluded.version`),
    )
    .execute();
}

/** A deleted user keeps a tombstone (so a late update cannot revive it) and loses every session. */
export async function forgetUser(db: Kysely<WebDB>, organizationId: string, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("users")
      .values({
        organization_id: organizationId,
        id: userId,
        name: "",
        email: "",
        role: "agent",
        version: new Date(),
        deleted: true,
      })
      .onConflict((oc) => oc.columns(["organization_id", "id"]).doUpdateSet({ deleted: true }))
      .execute();
    await trx
      .updateTable("sessions")
      .set({ revoked_at: new Date() })
      .where("organization_id", "=", organizationId)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .execute();
  });
}

/** Logins whose email is `email` (one per organization the person belongs to), with their hashes. */
export function loginsByEmail(db: Kysely<WebDB>, email: string) {
  return db
    .selectFrom("users as u")
    .innerJoin("credentials as c", (join) =>
      join.onRef("c.organization_id", "=", "u.organization_id").onRef("c.user_id", "=", "u.id"),
    )
    .select(["u.organization_id", "u.id", "u.name", "u.email", "u.role", "c.password_hash"])
    .where(sql<string>`lower(u.email)`, "=", email.toLowerCase())
    .where("u.deleted", "=", false)
    .orderBy("u.organization_id")
    .limit(10)
    .execute();
}

export function findUser(db: Kysely<WebDB>, organizationId: string, userId: number) {
  return db
    .selectFrom("users")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", userId)
    .where("deleted", "=", false)
    .executeTakeFirst();
}

export function findUsersByEmail(db: Kysely<WebDB>, email: string, organizationId?: string, limit = 2) {
  return db
    .selectFrom("users")
    .selectAll()
    .where(sql<string>`lower(email)`, "=", email.toLowerCase())
    .where("deleted", "=", false)
    .$if(organizationId !== undefined, (q) => q.where("organization_id", "=", organizationId ?? ""))
    .orderBy("organization_id")
    .limit(limit)
    .execute();
}

export async function setPasswordHash(
  db: Kysely<WebDB>,
  organizationId: string,
  userId: number,
  passwordHash: string,
): Promise<void> {
  await db
    .insertInto("credentials")
    .values({ organization_id: organizationId, user_id: userId, password_hash: passwordHash })
    .onConflict((oc) =>
      oc
        .columns(["organization_id", "user_id"])
        .doUpdateSet({ password_hash: passwordHash, updated_at: new Date() }),
    )
    .execute();
}
