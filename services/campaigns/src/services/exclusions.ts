import type { CampaignRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { storedAudience } from "./campaign-view.js";

/** Why an exclusion left a contact out (the recipient's skip reason, the preview's count). */
export type ExclusionReason = "recent_campaign" | "recently_replied";

const HOUR_MS = 3_600_000;
const REPLY_LOOKUP_SLICE = 1000;

/**
 * Which of these contacts the campaign's exclusions leave out, and why: sent another campaign
 * of the organization within `campaigns_within_days` (our own recipients), or sent the
 * organization anything within `replied_within_hours` (asked of conversations).
 */
export async function excludedAmong(
  deps: CampaignsDeps,
  campaign: CampaignRow,
  contactIds: string[],
  now: Date,
): Promise<Map<string, ExclusionReason>> {
  const excluded = new Map<string, ExclusionReason>();
  const exclude = storedAudience(campaign).exclude;
  if (!exclude || contactIds.length === 0) return excluded;
  if (exclude.campaigns_within_days) {
    const recent = await deps.db
      .selectFrom("campaign_recipients")
      .select("contact_id")
      .distinct()
      .where("organization_id", "=", campaign.organization_id)
      .where("contact_id", "in", contactIds)
      .where("campaign_id", "<>", campaign.id)
      .where("dispatched_at", ">", new Date(now.getTime() - exclude.campaigns_within_days * 24 * HOUR_MS))
      .execute();
    for (const { contact_id } of recent) excluded.set(contact_id, "recent_campaign");
  }
  if (exclude.replied_within_hours) {
    const since = new Date(now.getTime() - exclude.replied_within_hours * HOUR_MS);
    const rest = contactIds.filter((id) => !excluded.has(id));
    for (let from = 0; from < rest.length; from += REPLY_LOOKUP_SLICE) {
      const slice = rest.slice(from, from + REPLY_LOOKUP_SLICE);
      for (const id of await deps.bulk.replied(campaign.organization_id, slice, since))
        excluded.set(id, "recently_replied");
    }
  }
  return excluded;
}
