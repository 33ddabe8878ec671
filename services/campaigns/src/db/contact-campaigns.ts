import { type Kysely, sql } from "kysely";
import type { CampaignsDB } from "./schema.js";

export interface ContactCampaignFilter {
  /** An agent's channels: campaigns sent from any other are left out. */
  channelIds?: readonly string[];
}

/**
 * A page of the campaigns one contact was a recipient of, with that recipient, newest first
 * (by when it was sent, else when it was due), and how many there are.
 */
export async function listContactCampaigns(
  db: Kysely<CampaignsDB>,
  organizationId: string,
  contactId: string,
  filter: ContactCampaignFilter,
  page: { limit: number; offset: number },
) {
  if (filter.channelIds?.length === 0) return { rows: [], total: 0 };
  let query = db
    .selectFrom("campaign_recipients as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .where("r.organization_id", "=", organizationId)
    .where("r.contact_id", "=", contactId);
  if (filter.channelIds !== undefined) query = query.where("c.channel_id", "in", filter.channelIds);
  const [rows, count] = await Promise.all([
    query
      .selectAll("r")
      .select(["c.title", "c.status as campaign_status", "c.channel_id"])
      .orderBy(sql`coalesce(r.dispatched_at, r.not_before)`, "desc")
      .orderBy("r.campaign_id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export type ContactCampaignRow = Awaited<ReturnType<typeof listContactCampaigns>>["rows"][number];
