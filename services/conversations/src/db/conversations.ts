import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { ConversationRow, ConversationsDB, ConversationUpdate } from "./schema.js";

type Executor = Kysely<ConversationsDB>;

export interface ConversationKey {
  organizationId: string;
  contactId: string;
  channelId: string;
}

/** Creates the contact's conversation on the channel unless it exists. True when created. */
export async function insertConversationIfMissing(
  trx: Transaction<ConversationsDB>,
  key: ConversationKey,
  row: { id: string; channel_type: string; status: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto("conversations")
    .values({
      ...row,
      organization_id: key.organizationId,
      contact_id: key.contactId,
      channel_id: key.channelId,
      assigned_user_id: null,
      assigned_team_id: null,
      last_message_at: null,
      last_auto_response_at: null,
    })
    .onConflict((oc) => oc.columns(["organization_id", "contact_id", "channel_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** `forUpdate` locks the row for the rest of the caller's transaction. */
export function findConversation(
  db: Executor,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ConversationRow | undefined> {
  const query = db
    .selectFrom("conversations")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export function findConversationFor(
  db: Executor,
  key: ConversationKey,
  options: { forUpdate?: boolean } = {},
): Promise<ConversationRow | undefined> {
  const query = db
    .selectFrom("conversations")
    .selectAll()
    .where("organization_id", "=", key.organizationId)
    .where("contact_id", "=", key.contactId)
    .where("channel_id", "=", key.channelId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** A time: a value, or `now()` of the transaction. */
type Moment = Date | RawBuilder<Date>;

export type ConversationPatch = Pick<
  ConversationUpdate,
  "status" | "assigned_user_id" | "assigned_team_id"
> & {
  last_message_at?: Moment;
  last_auto_response_at?: Moment;
  unread?: "increment" | "clear";
};

export function updateConversation(
  db: Executor,
  organizationId: string,
  id: string,
  patch: ConversationPatch,
): Promise<ConversationRow | undefined> {
  const { unread, ...columns } = patch;
  return db
    .updateTable("conversations")
    .set({
      ...columns,
      ...(unread === "increment" && { unread_count: sql`unread_count + 1` }),
      ...(unread === "clear" && { unread_count: 0 }),
      updated_at: sql`now()`,
    })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export interface ConversationFilter {
  statuses?: string[];
  channelTypes?: string[];
  /** The contact carries any of these tag names. */
  tagsAny?: string[];
  /** A web agent's channels: nothing outside them is listed. */
  channelIds?: string[];
  assignedUserId?: number;
  assignedTeamId?: string;
  contactId?: string;
  unassigned?: boolean;
  unread?: boolean;
}

export interface Page {
  limit: number;
  offset: number;
}

function filtered(db: Executor, organizationId: string, filter: ConversationFilter) {
  let query = db.selectFrom("conversations").where("organization_id", "=", organizationId);
  if (filter.statuses) query = query.where("status", "in", filter.statuses);
  if (filter.channelTypes) query = query.where("channel_type", "in", filter.channelTypes);
  if (filter.tagsAny) {
    const tags = filter.tagsAny;
    query = query.where("contact_id", "in", (eb) =>
      eb
        .selectFrom("contacts")
        .select("id")
        .where("organization_id", "=", organizationId)
        .where(sql<boolean>`tags && ${sql.val(tags)}::text[]`),
    );
  }
  if (filter.channelIds) query = query.where("channel_id", "in", filter.channelIds);
  if (filter.assignedUserId !== undefined)
    query = query.where("assigned_user_id", "=", filter.assignedUserId);
  if (filter.assignedTeamId !== undefined)
    query = query.where("assigned_team_id", "=", filter.assignedTeamId);
  if (filter.contactId !== undefined) query = query.where("contact_id", "=", filter.contactId);
  if (filter.unassigned)
    query = query.where("assigned_user_id", "is", null).where("assigned_team_id", "is", null);
  if (filter.unread) query = query.where("unread_count", ">", 0);
  return query;
}

/** Most recent activity first (conversations without messages by creation), then by id. */
export async function listConversations(
  db: Executor,
  organizationId: string,
  filter: ConversationFilter,
  page: Page,
): Promise<{ rows: ConversationRow[]; total: number }> {
  if (filter.statuses?.length === 0 || filter.channelTypes?.length === 0 || filter.channelIds?.length === 0)
    return { rows: [], total: 0 };
  const [rows, count] = await Promise.all([
    filtered(db, organizationId, filter)
      .selectAll()
      .orderBy(sql`last_message_at desc nulls last`)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, organizationId, filter)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/**
 * The contact's conversation on the channel with a new outbound message recorded on it, created
 * when missing, and locked: one upsert where find-or-create, lock and update take three. `created`
 * is whether this call made it (the row keeps its id otherwise).
 */
export async function upsertMessagedConversation(
  trx: Transaction<ConversationsDB>,
  key: ConversationKey,
  change: { channelType: string; status?: string | undefined; clearUnread: boolean },
): Promise<{ row: ConversationRow; created: boolean }> {
  const [upserted] = await upsertMessagedConversations(
    trx,
    key.organizationId,
    [{ ...key, channelType: change.channelType }],
    change,
  );
  if (!upserted) throw new Error("a conversation upsert returned no row");
  return upserted;
}

/**
 * `upsertMessagedConversation` for many conversations of one organization that take the same
 * change, in one statement (the bulk path), locked in (contact, channel) order. Distinct keys only.
 */
export async function upsertMessagedConversations(
  trx: Transaction<ConversationsDB>,
  organizationId: string,
  keys: Array<Omit<ConversationKey, "organizationId"> & { channelType: string }>,
  change: { status?: string | undefined; clearUnread: boolean },
): Promise<Array<{ row: ConversationRow; created: boolean }>> {
  if (keys.length === 0) return [];
  const sorted = [...keys].sort((a, b) =>
    a.contactId === b.contactId ? compare(a.channelId, b.channelId) : compare(a.contactId, b.contactId),
  );
  const values = sorted.map((key) => ({
    id: crypto.randomUUID() as string,
    organization_id: organizationId,
    contact_id: key.contactId,
    channel_id: key.channelId,
    channel_type: key.channelType,
    status: change.status ?? "open",
    assigned_user_id: null,
    assigned_team_id: null,
    last_message_at: sql<Date>`now()`,
    last_auto_response_at: null,
  }));
  const rows = await trx
    .insertInto("conversations")
    .values(values)
    .onConflict((oc) =>
      oc.columns(["organization_id", "contact_id", "channel_id"]).doUpdateSet({
        ...(change.status !== undefined && { status: change.status }),
        ...(change.clearUnread && { unread_count: 0 }),
        last_message_at: sql`now()`,
        updated_at: sql`now()`,
      }),
    )
    .returningAll()
    .execute();
  const made = new Set(values.map((value) => value.id));
  return rows.map((row) => ({ row, created: made.has(row.id) }));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
