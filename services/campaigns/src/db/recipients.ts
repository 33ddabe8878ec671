import { type Kysely, sql, type Transaction } from "kysely";
import type { CampaignsDB, NewLink, NewRecipient, RecipientRow } from "./schema.js";

type Db = Kysely<CampaignsDB> | Transaction<CampaignsDB>;

/**
 * Stores recipients once per (campaign, contact): an audience page read twice adds nobody
 * twice. Returns the contacts actually added (their links are stored, the others' were).
 */
export async function insertRecipients(trx: Db, rows: NewRecipient[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await trx
    .insertInto("campaign_recipients")
    .values(rows)
    .onConflict((oc) => oc.columns(["campaign_id", "contact_id"]).doNothing())
    .returning("contact_id")
    .execute();
  return new Set(inserted.map((row) => row.contact_id));
}

// Four parameters a link: well under PostgreSQL's 65,535 per statement, however many links an email has.
const LINKS_PER_STATEMENT = 5000;

/** Stores recipients' tracked links (an email body may hold many links per recipient). */
export async function insertLinks(trx: Db, links: NewLink[]): Promise<void> {
  for (let from = 0; from < links.length; from += LINKS_PER_STATEMENT)
    await trx
      .insertInto("campaign_links")
      .values(links.slice(from, from + LINKS_PER_STATEMENT))
      .execute();
}

/** Pending recipients whose time has come, oldest first, locked for this dispatch. */
export function duePending(trx: Transaction<CampaignsDB>, campaignId: string, now: Date, limit: number) {
  return trx
    .selectFrom("campaign_recipients")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .where("state", "=", "pending")
    .where("not_before", "<=", now)
    .orderBy("not_before")
    .orderBy("seq")
    .limit(limit)
    .forUpdate()
    .execute();
}

export async function hasPending(db: Db, campaignId: string): Promise<boolean> {
  const row = await db
    .selectFrom("campaign_recipients")
    .select("contact_id")
    .where("campaign_id", "=", campaignId)
    .where("state", "=", "pending")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface RecipientCounts {
  byState: Record<string, number>;
  skipped: Record<string, number>;
  responses: number;
  unsubscribes: number;
  /** Recipients who opened a tracked link at least once. */
  clicks: number;
}

export async function countRecipients(db: Db, campaignId: string): Promise<RecipientCounts> {
  const rows = await db
    .selectFrom("campaign_recipients")
    .select((eb) => [
      "state",
      "skip_reason",
      eb.fn.countAll<string>().as("n"),
      eb.fn.count<string>("responded_at").as("responses"),
      eb.fn.count<string>("unsubscribed_at").as("unsubscribes"),
      eb.fn.count<string>("clicked_at").as("clicks"),
    ])
    .where("campaign_id", "=", campaignId)
    .groupBy(["state", "skip_reason"])
    .execute();
  const counts: RecipientCounts = { byState: {}, skipped: {}, responses: 0, unsubscribes: 0, clicks: 0 };
  for (const row of rows) {
    counts.byState[row.state] = (counts.byState[row.state] ?? 0) + Number(row.n);
    if (row.state === "skipped" && row.skip_reason)
      counts.skipped[row.skip_reason] = (counts.skipped[row.skip_reason] ?? 0) + Number(row.n);
    counts.responses += Number(row.responses);
    counts.unsubscribes += Number(row.unsubscribes);
    counts.clicks += Number(row.clicks);
  }
  return counts;
}

/** Which recipients a listing keeps: each given flag narrows to those who did it. */
export interface RecipientFilter {
  /** Any of these states (the flags below narrow further). */
  states?: string[];
  delivered?: boolean;
  responded?: boolean;
  unsubscribed?: boolean;
  clicked?: boolean;
}

export async function listRecipients(
  db: Db,
  campaignId: string,
  page: { limit: number; offset: number },
  filter: RecipientFilter = {},
): Promise<{ rows: RecipientRow[]; total: number }> {
  let query = db.selectFrom("campaign_recipients").where("campaign_id", "=", campaignId);
  if (filter.states?.length) query = query.where("state", "in", filter.states);
  if (filter.delivered) query = query.where("state", "=", "delivered");
  if (filter.responded) query = query.where("responded_at", "is not", null);
  if (filter.unsubscribed) query = query.where("unsubscribed_at", "is not", null);
  if (filter.clicked) query = query.where("clicked_at", "is not", null);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy("seq").limit(page.limit).offset(page.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** Moves a recipient on, never back: queued → sent → delivered | failed. */
const RANK: Record<string, number> = { pending: 0, queued: 1, sent: 2, delivered: 3, failed: 3, skipped: 3 };

/** Each message's furthest state among `moves` (a statement may not touch one row twice). */
function furthestByMessage(moves: Array<{ id: string; state: string }>): Map<string, string> {
  const furthest = new Map<string, string>();
  for (const move of moves) {
    const held = furthest.get(move.id);
    if (!held || (RANK[move.state] ?? 0) > (RANK[held] ?? 0)) furthest.set(move.id, move.state);
  }
  return furthest;
}

/** A final state outranks an intermediate one; a status seen twice keeps the furthest. */
const FINAL = sql.raw("('delivered', 'failed')");

/** Statuses for messages no recipient names yet (kept ten minutes, then dropped as not ours). */
export async function keepEarlyStatuses(db: Db, moves: Array<{ id: string; state: string }>) {
  const furthest = furthestByMessage(moves);
  if (furthest.size === 0) return;
  await db
    .insertInto("early_statuses")
    .values([...furthest].map(([message_id, state]) => ({ message_id, state })))
    .onConflict((oc) =>
      oc
        .column("message_id")
        .doUpdateSet({ state: sql`excluded.state` })
        .where(sql<boolean>`excluded.state in ${FINAL}`),
    )
    .execute();
  await db
    .deleteFrom("early_statuses")
    .where(sql<boolean>`received_at < now() - interval '10 minutes'`)
    .execute();
}

/** The early statuses of these messages, taken (deleted) to be applied now that their recipients exist. */
export async function takeEarlyStatuses(db: Db, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .deleteFrom("early_statuses")
    .where("message_id", "in", messageIds)
    .returning(["message_id", "state"])
    .execute();
}

/**
 * Moves recipients on by their messages' statuses, in one statement: each message's furthest
 * state of the batch, applied only where it moves the recipient forward. Returns those moved.
 */
export async function advanceManyByMessage(
  db: Db,
  moves: Array<{ id: string; state: string }>,
): Promise<RecipientRow[]> {
  const furthest = furthestByMessage(moves);
  if (furthest.size === 0) return [];
  const rankOf = (column: string) =>
    sql.raw(
      `case ${column} ${Object.entries(RANK)
        .map(([name, rank]) => `when '${name}' then ${rank}`)
        .join(" ")} else 0 end`,
    );
  const values = [...furthest].map(([id, state]) => sql`(${id}::uuid, ${state}::text)`);
  const moved = await sql<RecipientRow>`
    update campaign_recipients r set state = v.state, updated_at = now()
    from (values ${sql.join(values)}) as v(message_id, state)
    where r.message_id = v.message_id and ${rankOf("r.state")} < ${rankOf("v.state")}
    returning r.*`.execute(db);
  return moved.rows;
}

/**
 * The recipient a contact's reply or opt-out belongs to: the contact's latest campaign message
 * on that channel, sent within its campaign's attribution window before `at`.
 */
export function attributedRecipient(
  db: Db,
  organizationId: string,
  contactId: string,
  channelId: string,
  at: Date,
) {
  return db
    .selectFrom("campaign_recipients as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .selectAll("r")
    .where("r.organization_id", "=", organizationId)
    .where("r.contact_id", "=", contactId)
    .where("c.channel_id", "=", channelId)
    .where("r.dispatched_at", "is not", null)
    .where("r.dispatched_at", "<=", at)
    .where(sql<boolean>`r.dispatched_at > ${at}::timestamptz - make_interval(hours => c.attribution_hours)`)
    .orderBy("r.dispatched_at", "desc")
    .limit(1)
    .executeTakeFirst();
}
