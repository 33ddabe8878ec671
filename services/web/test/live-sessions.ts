import type { Kysely } from "kysely";
import type { WebDB } from "../src/db/schema.js";

/** A live session in `organizationId`: web stores live rows only for organizations that have one. */
export async function insertLiveSession(db: Kysely<WebDB>, organizationId: string): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: crypto.randomUUID(),
      token_hash: crypto.randomUUID(),
      csrf_token: "csrf",
      organization_id: organizationId,
      user_id: 1,
      expires_at: new Date(Date.now() + 3_600_000),
    })
    .execute();
}
