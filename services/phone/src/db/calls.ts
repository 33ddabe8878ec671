import type { Kysely } from "kysely";
import type { CallRow, PhoneDB } from "./schema.js";

/** Remembers a call's channel for the callbacks that follow; a repeated webhook changes nothing. */
export async function insertCall(db: Kysely<PhoneDB>, call: Omit<CallRow, "created_at">): Promise<void> {
  await db
    .insertInto("calls")
    .values(call)
    .onConflict((oc) => oc.column("call_sid").doNothing())
    .execute();
}

export function findCall(db: Kysely<PhoneDB>, callSid: string): Promise<CallRow | undefined> {
  return db.selectFrom("calls").selectAll().where("call_sid", "=", callSid).executeTakeFirst();
}
