import type { Campaign, DuplicateCampaign } from "@relay/domain";
import type { IdempotencyKey } from "@relay/service-kit";
import { insertCampaign } from "../db/campaigns.js";
import type { CampaignsDeps } from "../deps.js";
import { campaignChanged } from "./campaign-events.js";
import { campaignRow } from "./read-campaigns.js";

/**
 * `POST /v1/campaigns/{id}/duplicate`: a new draft with the same message, audience (its inline
 * contacts by id, already in core) and settings, whatever the original's status; never its
 * schedule, which was for the original.
 */
export async function duplicateCampaign(
  deps: CampaignsDeps,
  organizationId: string,
  id: string,
  input: DuplicateCampaign,
  idempotency?: IdempotencyKey,
): Promise<Campaign> {
  const original = await campaignRow(deps, organizationId, id);
  return deps.transact(async (trx) => {
    const row = await insertCampaign(trx, {
      id: crypto.randomUUID(),
      organization_id: organizationId,
      title: input.title ?? `${original.title} (copy)`.slice(0, 255),
      status: "draft",
      type: original.type,
      channel_id: original.channel_id,
      from: original.from,
      body: original.body,
      subject: original.subject,
      attachments: JSON.stringify(original.attachments),
      template: original.template === null ? null : JSON.stringify(original.template),
      audience: JSON.stringify(original.audience),
      inline_contacts: original.inline_contacts,
      schedule_at: null,
      window_start: original.window_start,
      window_end: original.window_end,
      attribution_hours: original.attribution_hours,
      track_links: original.track_links,
      audience_cursor: null,
      started_at: null,
      completed_at: null,
    });
    return campaignChanged(trx, row, true);
  }, idempotency && { idempotency });
}
