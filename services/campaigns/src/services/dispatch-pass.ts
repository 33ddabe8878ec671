import { sql } from "kysely";
import { activeCampaigns } from "../db/campaigns.js";
import type { CampaignRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { campaignChanged } from "./campaign-events.js";
import { dispatchCampaign } from "./dispatch-campaign.js";
import { storeAudiencePage } from "./store-audience.js";

/**
 * One pass of the dispatcher: scheduled campaigns whose time has come start sending; each
 * active campaign stores one more page of its audience and hands over what its pacing allows,
 * `concurrency` campaigns at a time (a channel's pacing only has a second of credit: visited one
 * after another, twenty campaigns would each wait longer than that for their turn). Returns how
 * much it did, so the loop runs again at once while there is work.
 */
export async function dispatchPass(deps: CampaignsDeps, limit: number, concurrency = 4): Promise<number> {
  let work = await startDueCampaigns(deps);
  const queue = await activeCampaigns(deps.db, limit);
  const visit = async (campaign: CampaignRow) => {
    try {
      if (campaign.audience_phase !== "done") work += await storeAudiencePage(deps, campaign.id);
      if (campaign.status === "sending") work += await dispatchCampaign(deps, campaign.id);
    } catch (error) {
      // One campaign's trouble (its channel gone, conversations down) holds up no other.
      deps.logger.warn({ err: error, campaign_id: campaign.id }, "campaign dispatch failed; will retry");
    }
  };
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await visit(next);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return work;
}

async function startDueCampaigns(deps: CampaignsDeps): Promise<number> {
  const now = deps.now();
  return deps.transact(async (trx) => {
    const started = await sql<CampaignRow>`
      update campaigns set status = 'sending', started_at = ${now}, updated_at = now()
      where id in (select id from campaigns where status = 'scheduled' and schedule_at <= ${now}
                   for update skip locked)
      returning *`.execute(trx);
    for (const row of started.rows) await campaignChanged(trx, row);
    return started.rows.length;
  });
}
