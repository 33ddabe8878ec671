import { type Kysely, sql } from "kysely";
import type { SendRow, WhatsAppDB } from "./schema.js";

export type Claim = { kind: "claimed"; send: SendRow } | { kind: "done"; send: SendRow } | { kind: "busy" };

/**
 * Takes the lease on a message for `leaseMs`: inserts its row the first time, or re-takes an
 * unfinished one whose lease is free or expired. A finished send is `done`; one whose lease
 * another delivery holds is `busy`.
 */
export async function claimSend(
  db: Kysely<WhatsAppDB>,
  send: { message_id: string; organization_id: string; channel_id: string },
  leaseMs: number,
): Promise<Claim> {
  const lease = sql<Date>`clock_timestamp() + ${leaseMs} * interval '1 millisecond'`;
  const claimed = await db
    .insertInto("sends")
    .values({ ...send, claimed_until: lease })
    .onConflict((oc) =>
      oc
        .column("message_id")
        .doUpdateSet({ claimed_until: lease, updated_at: sql`now()` })
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

export function findSend(db: Kysely<WhatsAppDB>, messageId: string): Promise<SendRow | undefined> {
  return db.selectFrom("sends").selectAll().where("message_id", "=", messageId).executeTakeFirst();
}

export function findSendByProviderId(db: Kysely<WhatsAppDB>, providerMessageId: string) {
  return db
    .selectFrom("sends")
    .selectAll()
    .where("provider_message_id", "=", providerMessageId)
    .executeTakeFirst();
}

/**
 * Counts one call to the Graph API about to be made and keeps the lease `leaseMs` longer (covering the
 * pacing wait), in one round trip; returns how many calls there have been.
 */
export async function startAttempt(
  db: Kysely<WhatsAppDB>,
  messageId: string,
  leaseMs: number,
): Promise<number> {
  const row = await db
    .updateTable("sends")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      claimed_until: sql<Date>`clock_timestamp() + ${leaseMs} * interval '1 millisecond'`,
    }))
    .where("message_id", "=", messageId)
    .returning("attempts")
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/** Gives the lease back after a failure that will be retried, noting the error. */
export async function releaseSend(
  db: Kysely<WhatsAppDB>,
  messageId: string,
  error: { code?: string; message: string },
): Promise<void> {
  await db
    .updateTable("sends")
    .set({
      claimed_until: null,
      error_code: error.code ?? null,
      error_message: error.message,
      updated_at: sql`now()`,
    })
    .where("message_id", "=", messageId)
    .execute();
}

export interface SendUpdate {
  status: string;
  provider_message_id?: string;
  error_code?: string;
  error_message?: string;
}

export async function updateSend(
  db: Kysely<WhatsAppDB>,
  messageId: string,
  update: SendUpdate,
): Promise<void> {
  await db
    .updateTable("sends")
    .set({
      status: update.status,
      ...(update.provider_message_id ? { provider_message_id: update.provider_message_id } : {}),
      error_code: update.error_code ?? null,
      error_message: update.error_message ?? null,
      claimed_until: null,
      updated_at: sql`now()`,
    })
    .where("message_id", "=", messageId)
    .execute();
}

/** Serializes work on one provider id (a send being recorded vs. its status callback). */
export async function lockProviderId(db: Kysely<WhatsAppDB>, providerId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`whatsapp:${providerId}`}))`.execute(db);
}
