import { type Kysely, sql } from "kysely";
import type { ConversationsDB, MessageRow } from "./schema.js";

type Executor = Kysely<ConversationsDB>;

export interface MessageKey {
  organizationId: string;
  id: string;
}

/** The messages, locked for the rest of the transaction in id order (concurrent batches never deadlock). */
export function lockMessages(db: Executor, keys: MessageKey[]): Promise<MessageRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("messages")
    .selectAll()
    .where(
      sql<boolean>`(organization_id, id) in (select * from unnest(
        ${keys.map((k) => k.organizationId)}::uuid[], ${keys.map((k) => k.id)}::uuid[]))`,
    )
    .orderBy("id")
    .forUpdate()
    .execute();
}

export type StatusColumns = Pick<
  MessageRow,
  "organization_id" | "id" | "delivery_status" | "provider_message_id" | "error_code" | "error_message"
>;

/** Writes each message's delivery columns in one statement; returns when each was updated. */
export async function updateStatuses(db: Executor, rows: StatusColumns[]): Promise<Map<string, Date>> {
  if (rows.length === 0) return new Map();
  const column = <K extends keyof StatusColumns>(name: K) => rows.map((row) => row[name]);
  const { rows: updated } = await sql<{ id: string; updated_at: Date }>`
    update messages m set delivery_status = v.delivery_status, provider_message_id = v.provider_message_id,
      error_code = v.error_code, error_message = v.error_message, updated_at = now()
    from unnest(${column("organization_id")}::uuid[], ${column("id")}::uuid[],
      ${column("delivery_status")}::text[], ${column("provider_message_id")}::text[],
      ${column("error_code")}::text[], ${column("error_message")}::text[])
      as v(organization_id, id, delivery_status, provider_message_id, error_code, error_message)
    where m.organization_id = v.organization_id and m.id = v.id
    returning m.id, m.updated_at`.execute(db);
  return new Map(updated.map((row) => [row.id, row.updated_at]));
}
