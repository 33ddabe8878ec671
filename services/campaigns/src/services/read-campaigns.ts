import {
  type Campaign,
  type CampaignAnalytics,
  type CampaignContact,
  CampaignStatus,
  type ListCampaignContactsQuery,
  NotFoundError,
  type Pagination,
  ValidationError,
} from "@relay/domain";
import { type CampaignListFilter, findCampaign, listCampaigns } from "../db/campaigns.js";
import { countRecipients, listRecipients } from "../db/recipients.js";
import type { CampaignRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { toCampaign, toCampaignContact } from "./campaign-view.js";

/** The organization's campaign, or 404 (another organization's id included). */
export async function campaignRow(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
): Promise<CampaignRow> {
  const row = await findCampaign(deps.db, organizationId, id);
  if (!row) throw new NotFoundError("campaign");
  return row;
}

export async function getCampaign(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
): Promise<Campaign> {
  const row = await campaignRow(deps, organizationId, id);
  return toCampaign(row, await countRecipients(deps.db, row.id));
}

export async function listCampaignPage(
  deps: CampaignsDeps,
  organizationId: string,
  filter: CampaignListFilter,
  page: Pagination,
): Promise<{ data: Campaign[]; total: number }> {
  for (const [index, status] of (filter.statuses ?? []).entries()) {
    if (!CampaignStatus.safeParse(status).success)
      throw ValidationError.field(`status.${index}`, `must be one of ${CampaignStatus.options.join(", ")}`);
  }
  const { rows, total } = await listCampaigns(deps.db, organizationId, filter, page);
  const data = await Promise.all(
    rows.map(async (row) => toCampaign(row, await countRecipients(deps.db, row.id))),
  );
  return { data, total };
}

export async function listCampaignContacts(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
  query: ListCampaignContactsQuery,
): Promise<{ data: CampaignContact[]; total: number }> {
  const row = await campaignRow(deps, organizationId, id);
  const clicked = query.clicked_link ?? query.clicked_level;
  const { rows, total } = await listRecipients(deps.db, row.id, query, {
    ...(query.state && { states: query.state }),
    ...(query.delivered && { delivered: true }),
    ...(query.responded && { responded: true }),
    ...(query.unsubscribed && { unsubscribed: true }),
    ...(clicked && { clicked: true }),
  });
  return { data: rows.map(toCampaignContact), total };
}

const rate = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

/** `GET /v1/campaigns/{id}/analytics`: the counts the view shows, and rates of the messages delivered. */
export async function getCampaignAnalytics(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
): Promise<CampaignAnalytics> {
  const campaign = await getCampaign(deps, organizationId, id);
  const delivered = campaign.recipients.delivered ?? 0;
  return {
    campaign_id: campaign.id,
    messages_sent: campaign.sent_messages,
    messages_delivered: delivered,
    messages_failed: campaign.failed_deliveries,
    responses: campaign.responses,
    link_clicks: campaign.link_clicks,
    unsubscribes: campaign.unsubscribes,
    response_rate: rate(campaign.responses, delivered),
    click_rate: rate(campaign.link_clicks, delivered),
    unsubscribe_rate: rate(campaign.unsubscribes, delivered),
  };
}
