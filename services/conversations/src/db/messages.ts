import { type Kysely, sql, type Transaction } from "kysely";
import type { Page } from "./conversations.js";
import type { ConversationsDB, MessageRow, MessageUpdate, NewMessage } from "./schema.js";

type Executor = Kysely<ConversationsDB>;

/** `media`, `email` and `whatsapp` are JSON columns: serialized here, not by callers. */
function serialized(row: NewMessage): NewMessage {
  return {
    ...row,
    media: JSON.stringify(row.media),
    email: row.email === null || row.email === undefined ? null : JSON.stringify(row.email),
    whatsapp: row.whatsapp === null || row.whatsapp === undefined ? null : JSON.stringify(row.whatsapp),
  };
}

export function insertMessage(db: Executor, row: NewMessage): Promise<MessageRow> {
  return db.insertInto("messages").values(serialized(row)).returningAll().executeTakeFirstOrThrow();
}

/** Many messages in one statement (the bulk path); `seq` follows the order given. */
export function insertMessages(db: Executor, rows: NewMessage[]): Promise<MessageRow[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return db.insertInto("messages").values(rows.map(serialized)).returningAll().execute();
}

/** Inserts a message carrying a provider id unless that id is already stored on the channel. */
export function insertMessageOnce(db: Executor, row: NewMessage): Promise<MessageRow | undefined> {
  return db
    .insertInto("messages")
    .values(serialized(row))
    .onConflict((oc) =>
      oc
        .columns(["channel_id", "type", "provider_message_id"])
        .where("provider_message_id", "is not", null)
        .doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
}

/** `forUpdate` locks the row for the rest of the caller's transaction. */
export function findMessage(
  db: Executor,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<MessageRow | undefined> {
  const query = db
    .selectFrom("messages")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export function findByProviderId(
  db: Executor,
  organizationId: string,
  key: { channelId: string; type: string; providerId: string },
  options: { forUpdate?: boolean } = {},
): Promise<MessageRow | undefined> {
  const query = db
    .selectFrom("messages")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("channel_id", "=", key.channelId)
    .where("type", "=", key.type)
    .where("provider_message_id", "=", key.providerId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export type MessagePatch = Omit<
  MessageUpdate,
  "id" | "seq" | "organization_id" | "created_at" | "updated_at"
>;

export function updateMessage(
  db: Executor,
  organizationId: string,
  id: string,
  patch: MessagePatch,
): Promise<MessageRow | undefined> {
  return db
    .updateTable("messages")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

/** One page of a conversation's messages, newest first, and how many there are. */
export async function listMessages(
  db: Executor,
  organizationId: string,
  conversationId: string,
  page: Page,
): Promise<{ rows: MessageRow[]; total: number }> {
  const scoped = db
    .selectFrom("messages")
    .where("organization_id", "=", organizationId)
    .where("conversation_id", "=", conversationId);
  const [rows, count] = await Promise.all([
    scoped
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("seq", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/**
 * Claims the scheduled message that has been due longest, locked for the rest of the
 * transaction; rows other instances hold are skipped, so no two instances release one message.
 * Any organization's: the scheduler works for all of them.
 */
export function claimDueMessage(trx: Transaction<ConversationsDB>): Promise<MessageRow | undefined> {
  return trx
    .selectFrom("messages")
    .selectAll()
    .where("delivery_status", "=", "scheduled")
    .where("schedule_at", "<=", sql<Date>`now()`)
    .orderBy("schedule_at")
    .orderBy("seq")
    .limit(1)
    .forUpdate()
    .skipLocked()
    .execute()
    .then((rows) => rows[0]);
}

/** The newest message of a conversation that carries a Message-ID header (either direction). */
export function latestThreadedMessage(
  db: Executor,
  organizationId: string,
  conversationId: string,
): Promise<MessageRow | undefined> {
  return db
    .selectFrom("messages")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("conversation_id", "=", conversationId)
    .where("message_id_header", "is not", null)
    .orderBy("created_at", "desc")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The newest of the organization's messages on a channel whose Message-ID is one of `headers`. */
export function findByMessageIdHeaders(
  db: Executor,
  organizationId: string,
  channelId: string,
  headers: string[],
): Promise<MessageRow | undefined> {
  if (headers.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom("messages")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("channel_id", "=", channelId)
    .where("message_id_header", "in", headers)
    .orderBy("created_at", "desc")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** When the contact last wrote on the channel (their newest inbound message), if ever. */
export async function lastInboundAt(
  db: Executor,
  key: { organizationId: string; contactId: string; channelId: string },
): Promise<Date | undefined> {
  const row = await db
    .selectFrom("messages")
    .select("created_at")
    .where("organization_id", "=", key.organizationId)
    .where("contact_id", "=", key.contactId)
    .where("channel_id", "=", key.channelId)
    .where("direction", "=", "INBOUND")
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.created_at;
}

/** Which of these contacts sent the organization a message (any channel) since `since`. */
export async function repliedSince(
  db: Executor,
  organizationId: string,
  contactIds: string[],
  since: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom("messages")
    .select("contact_id")
    .distinct()
    .where("organization_id", "=", organizationId)
    .where("contact_id", "in", contactIds)
    .where("direction", "=", "INBOUND")
    .where("created_at", ">", since)
    .execute();
  return rows.map((row) => row.contact_id);
}
