import { type Kysely, sql, type Transaction } from "kysely";
import type { ConsentRow, ConversationsDB } from "./schema.js";

export interface ConsentKey {
  organizationId: string;
  contactId: string;
  channelId: string;
}

/**
 * The consent locks each open transaction holds. A transaction-scoped advisory lock is held until
 * it ends, so asking for it again in the same transaction (the send, then the consent gate) is skipped.
 */
const heldLocks = new WeakMap<Transaction<ConversationsDB>, Set<string>>();

/**
 * Serializes everything that reads or changes one contact's consent on one channel (sends,
 * opt-ins and opt-outs) for the rest of the transaction, so a send never slips past a STOP
 * that committed while it was checking.
 */
export async function lockConsent(trx: Transaction<ConversationsDB>, key: ConsentKey): Promise<void> {
  const name = `consent:${key.organizationId}:${key.contactId}:${key.channelId}`;
  const held = heldLocks.get(trx) ?? new Set<string>();
  if (held.has(name)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
  heldLocks.set(trx, held.add(name));
}

export function findConsent(db: Kysely<ConversationsDB>, key: ConsentKey): Promise<ConsentRow | undefined> {
  return db
    .selectFrom("consents")
    .selectAll()
    .where("organization_id", "=", key.organizationId)
    .where("contact_id", "=", key.contactId)
    .where("channel_id", "=", key.channelId)
    .executeTakeFirst();
}

/** A contact's recorded preferences, oldest change first. */
export function listConsents(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  contactId: string,
): Promise<ConsentRow[]> {
  return db
    .selectFrom("consents")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("contact_id", "=", contactId)
    .orderBy("updated_at")
    .orderBy("channel_id")
    .execute();
}

export interface ConsentWrite extends ConsentKey {
  optIn: boolean;
  source: string;
  detail?: string;
}

/** Records the new state and appends it to the history. */
export async function writeConsent(
  trx: Transaction<ConversationsDB>,
  change: ConsentWrite,
): Promise<ConsentRow> {
  const key = {
    organization_id: change.organizationId,
    contact_id: change.contactId,
    channel_id: change.channelId,
  };
  const row = await trx
    .insertInto("consents")
    .values({ ...key, opt_in: change.optIn, source: change.source })
    .onConflict((oc) =>
      oc
        .columns(["organization_id", "contact_id", "channel_id"])
        .doUpdateSet({ opt_in: change.optIn, source: change.source, updated_at: sql`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("consent_history")
    .values({ ...key, opt_in: change.optIn, source: change.source, detail: change.detail ?? null })
    .execute();
  return row;
}
