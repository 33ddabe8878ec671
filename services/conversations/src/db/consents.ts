import { type Kysely, sql, type Transaction } from "kysely";
import type { ConsentHistoryRow, ConsentRow, ConversationsDB } from "./schema.js";

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
  await lockConsents(trx, [key]);
}

const lockName = (key: ConsentKey) => `consent:${key.organizationId}:${key.contactId}:${key.channelId}`;

/**
 * `lockConsent` for many keys in one statement. Every holder of several consent locks takes
 * them in one global order, their names sorted (a single send: one contact's channels by id),
 * so two transactions never wait on each other in opposite orders (decision 18).
 */
export async function lockConsents(trx: Transaction<ConversationsDB>, keys: ConsentKey[]): Promise<void> {
  const held = heldLocks.get(trx) ?? new Set<string>();
  const names = [...new Set(keys.map(lockName))].filter((name) => !held.has(name)).sort();
  if (names.length === 0) return;
  // Volatile functions in the select list run after ORDER BY: the locks are taken in this order.
  await sql`
    select pg_advisory_xact_lock(hashtextextended(name, 0))
    from unnest(${names}::text[]) with ordinality as locks(name, position)
    order by position`.execute(trx);
  for (const name of names) held.add(name);
  heldLocks.set(trx, held);
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

/** The recorded consents of these contact × channel pairs of one organization, in one query. */
export function findConsents(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  pairs: Array<{ contactId: string; channelId: string }>,
): Promise<ConsentRow[]> {
  if (pairs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("consents")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where((eb) =>
      eb(
        eb.refTuple("contact_id", "channel_id"),
        "in",
        pairs.map((pair) => eb.tuple(pair.contactId, pair.channelId)),
      ),
    )
    .execute();
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
  /** The web user making the change, when one is. */
  userId?: number;
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
    .values({
      ...key,
      opt_in: change.optIn,
      source: change.source,
      detail: change.detail ?? null,
      user_id: change.userId ?? null,
    })
    .execute();
  return row;
}

export interface ConsentHistoryFilter {
  channelId?: string;
  /** An agent's channels: changes on any other are not theirs to see. */
  channelIds?: readonly string[];
}

/** A page of a contact's consent changes, newest first, and how many there are. */
export async function listConsentHistory(
  db: Kysely<ConversationsDB>,
  organizationId: string,
  contactId: string,
  filter: ConsentHistoryFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ConsentHistoryRow[]; total: number }> {
  let query = db
    .selectFrom("consent_history")
    .where("organization_id", "=", organizationId)
    .where("contact_id", "=", contactId);
  if (filter.channelId !== undefined) query = query.where("channel_id", "=", filter.channelId);
  if (filter.channelIds !== undefined) {
    if (filter.channelIds.length === 0) return { rows: [], total: 0 };
    query = query.where("channel_id", "in", filter.channelIds);
  }
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy("id", "desc").limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
