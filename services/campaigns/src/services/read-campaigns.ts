import {
  type Campaign,
  type CampaignContact,
  CampaignStatus,
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
  page: Pagination,
): Promise<{ data: CampaignContact[]; total: number }> {
  const row = await campaignRow(deps, organizationId, id);
  const { rows, total } = await listRecipients(deps.db, row.id, page);
  return { data: rows.map(toCampaignContact), total };
}
