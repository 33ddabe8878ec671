import type { Insertable, Kysely } from "kysely";
import type { Page } from "./conversations.js";
import type { ConversationsDB, LeadRow, LeadsTable } from "./schema.js";

type Executor = Kysely<ConversationsDB>;

export function insertLead(db: Executor, row: Insertable<LeadsTable>): Promise<LeadRow> {
  return db.insertInto("leads").values(row).returningAll().executeTakeFirstOrThrow();
}

export function findLead(db: Executor, organizationId: string, id: string): Promise<LeadRow | undefined> {
  return db
    .selectFrom("leads")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** One page of the organization's leads, newest first, and how many match. */
export async function listLeads(
  db: Executor,
  organizationId: string,
  filter: Page & { source?: string | undefined; contact_id?: string | undefined },
): Promise<{ rows: LeadRow[]; total: number }> {
  let scoped = db.selectFrom("leads").where("organization_id", "=", organizationId);
  if (filter.source !== undefined) scoped = scoped.where("source", "=", filter.source);
  if (filter.contact_id !== undefined) scoped = scoped.where("contact_id", "=", filter.contact_id);
  const [rows, count] = await Promise.all([
    scoped
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    scoped.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
