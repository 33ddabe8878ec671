import { type Kysely, sql, type Transaction } from "kysely";
import type { CampaignRow, CampaignsDB, CampaignUpdate, NewCampaign } from "./schema.js";

type Db = Kysely<CampaignsDB> | Transaction<CampaignsDB>;

export function insertCampaign(db: Db, row: NewCampaign): Promise<CampaignRow> {
  return db.insertInto("campaigns").values(row).returningAll().executeTakeFirstOrThrow();
}

export function findCampaign(db: Db, organizationId: string, id: string): Promise<CampaignRow | undefined> {
  return db
    .selectFrom("campaigns")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The campaign row locked for a change of state (other writers wait). */
export function lockCampaign(trx: Transaction<CampaignsDB>, organizationId: string, id: string) {
  return trx
    .selectFrom("campaigns")
    .selectAll()
    .where("organization_id", "=", organizationId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export function updateCampaign(db: Db, id: string, patch: CampaignUpdate): Promise<CampaignRow> {
  return db
    .updateTable("campaigns")
    .set({ ...patch, updated_at: sql`now()` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface CampaignListFilter {
  title?: string;
  statuses?: string[];
}

export async function listCampaigns(
  db: Db,
  organizationId: string,
  filter: CampaignListFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: CampaignRow[]; total: number }> {
  let query = db.selectFrom("campaigns").where("organization_id", "=", organizationId);
  if (filter.title) {
    const escaped = filter.title.replace(/[\\%_]/g, (char) => `\\${char}`);
    query = query.where("title", "ilike", `%${escaped}%`);
  }
  if (filter.statuses?.length) query = query.where("status", "in", filter.statuses);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** Campaigns the dispatcher has work for: due schedules, sending ones, audiences still being stored. */
export function activeCampaigns(db: Db, limit: number): Promise<CampaignRow[]> {
  return db
    .selectFrom("campaigns")
    .selectAll()
    .where("status", "in", ["scheduled", "sending"])
    .orderBy("updated_at")
    .limit(limit)
    .execute();
}
