import { CampaignCreated, CampaignUpdated } from "@relay/domain";
import { enqueue, newEvent } from "@relay/service-kit";
import type { Transaction } from "kysely";
import { countRecipients } from "../db/recipients.js";
import type { CampaignRow, CampaignsDB } from "../db/schema.js";
import { toCampaign } from "./campaign-view.js";

/** `campaigns.campaign.created|updated` in the change's own transaction; returns the campaign as the API shows it. */
export async function campaignChanged(trx: Transaction<CampaignsDB>, row: CampaignRow, created = false) {
  const campaign = toCampaign(row, await countRecipients(trx, row.id));
  await enqueue(trx, newEvent(created ? CampaignCreated : CampaignUpdated, row.organization_id, campaign));
  return campaign;
}
