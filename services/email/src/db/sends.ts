import { type Kysely, sql } from "kysely";
import type { EmailDB, SendRow } from "./schema.js";

export type Claim = { kind: "claimed"; send: SendRow } | { kind: "done"; send: SendRow } | { kind: "busy" };

type NewSend = { message_id: string; organization_id: string; channel_id: string; message_id_header: string };

/**
 * Takes the lease on a message for `leaseMs` and counts an attempt: inserts its row the first
 * time, or re-takes an unfinished one whose lease is free or expired. A finished send is `done`.
 */
export async function claimSend(db: Kysely<EmailDB>, send: NewSend, leaseMs: number): Promise<Claim> {
  const lease = sql<Date>`clock_timestamp() + ${leaseMs} * interval '1 millisecond'`;
  const claimed = await db
    .insertInto("sends")
    .values({ ...send, claimed_until: lease, attempts: 1 })
    .onConflict((oc) =>
      oc
        .column("message_id")
        .doUpdateSet((eb) => ({
          claimed_until: lease,
          attempts: eb("sends.attempts", "+", 1),
          updated_at: sql`now()`,
        }))
        .where("sends.status", "=", "sending")
        .where((eb) =>
          eb.or([
            eb("sends.claimed_until", "is", null),
            eb("sends.claimed_until", "<", sql<Date>`clock_timestamp()`),
          ]),
        ),
    )
    .returningAll()
    .executeTakeFirst();
  if (claimed) return { kind: "claimed", send: claimed };
  const existing = await findSend(db, send.message_id);
  return existing && existing.status !== "sending" ? { kind: "done", send: existing } : { kind: "busy" };
}

export function findSend(db: Kysely<EmailDB>, messageId: string): Promise<SendRow | undefined> {
  return db.selectFrom("sends").selectAll().where("message_id", "=", messageId).executeTakeFirst();
}

export function findSendByHeader(db: Kysely<EmailDB>, messageIdHeader: string): Promise<SendRow | undefined> {
  return db
    .selectFrom("sends")
    .selectAll()
    .where("message_id_header", "=", messageIdHeader)
    .executeTakeFirst();
}

export interface SendUpdate {
  status: string;
  error_code?: string;
  error_message?: string;
}

/** Records an outcome (or, with status `sending`, gives the lease back after a retryable error). */
export async function updateSend(db: Kysely<EmailDB>, messageId: string, update: SendUpdate): Promise<void> {
  await db
    .updateTable("sends")
    .set({
      status: update.status,
      error_code: update.error_code ?? null,
      error_message: update.error_message ?? null,
      claimed_until: null,
      updated_at: sql`now()`,
    })
    .where("message_id", "=", messageId)
    .execute();
}
