import type { MessageTemplateFilters, Pagination } from "@relay/domain";
import { type Insertable, type Kysely, sql, type Updateable } from "kysely";
import { likeContains } from "./contacts-search.js";
import type { CoreDB, MessageTemplateRow, MessageTemplatesTable } from "./schema.js";

/** `Kysely` or a `Transaction` (which extends it). */
type Executor = Kysely<CoreDB>;

export function insertMessageTemplate(
  db: Executor,
  row: Insertable<MessageTemplatesTable>,
): Promise<MessageTemplateRow> {
  return db.insertInto("message_templates").values(row).returningAll().executeTakeFirstOrThrow();
}

/** `forUpdate` locks the row for the rest of the caller's transaction. */
export function findMessageTemplate(
  db: Executor,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<MessageTemplateRow | undefined> {
  const query = db
    .selectFrom("message_templates")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export async function listMessageTemplates(
  db: Executor,
  organizationId: string,
  filters: MessageTemplateFilters,
  page: Pagination,
): Promise<{ rows: MessageTemplateRow[]; total: number }> {
  let scoped = db.selectFrom("message_templates").where("organization_id", "=", organizationId);
  if (filters.title) scoped = scoped.where("title", "ilike", likeContains(filters.title));
  if (filters.search) {
    const pattern = likeContains(filters.search);
    scoped = scoped.where((eb) => eb.or([eb("title", "ilike", pattern), eb("message", "ilike", pattern)]));
  }
  if (filters.archived !== undefined) scoped = scoped.where("archived", "=", filters.archived);
  if (filters.access_level) scoped = scoped.where("access_level", "=", filters.access_level);
  if (filters.channel_type) scoped = scoped.where("channel_type", "=", filters.channel_type);
  if (filters.created_by?.length) scoped = scoped.where("created_by", "in", filters.created_by);
  if (filters.updated_by?.length) scoped = scoped.where("updated_by", "in", filters.updated_by);
  const [rows, count] = await Promise.all([
    scoped.selectAll().orderBy("created_at").orderBy("id").limit(page.limit).offset(page.offset).execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function updateMessageTemplate(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Updateable<MessageTemplatesTable>,
): Promise<MessageTemplateRow | undefined> {
  return db
    .updateTable("message_templates")
    .set({ ...patch, updated_at: sql`now()` })
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteMessageTemplate(
  db: Executor,
  organizationId: string,
  id: string,
): Promise<MessageTemplateRow | undefined> {
  return db
    .deleteFrom("message_templates")
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}
