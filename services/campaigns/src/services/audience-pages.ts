import type { AudienceContact, AudienceFilter } from "@relay/domain";
import type { CampaignRow } from "../db/schema.js";
import type { CampaignsDeps } from "../deps.js";
import { storedAudience } from "./campaign-view.js";

export type AudiencePhase = "inline" | "filter" | "done";

export interface AudienceStep {
  contacts: AudienceContact[];
  phase: AudiencePhase;
  cursor: string | null;
}

/**
 * One page of a campaign's audience from where `phase` and `cursor` left off: first its inline
 * contacts (by id), then its filter. The position comes back with the page, so the caller can
 * store it with what it did with the page and carry on after a crash.
 */
export async function nextAudiencePage(
  deps: CampaignsDeps,
  campaign: CampaignRow,
  position: { phase: AudiencePhase; cursor: string | null },
  propertyKeys: string[],
): Promise<AudienceStep> {
  const audience = storedAudience(campaign);
  const filters: Record<Exclude<AudiencePhase, "done">, AudienceFilter | null> = {
    inline: audience.inline_ids.length ? { contact_ids: audience.inline_ids } : null,
    filter: audience.filter,
  };
  let { phase, cursor } = position;
  while (phase !== "done") {
    const filter = filters[phase];
    if (filter) {
      const page = await deps.audience.page(campaign.organization_id, filter, {
        limit: deps.audiencePageSize,
        propertyKeys,
        ...(cursor && { after: cursor }),
      });
      if (page.next) return { contacts: page.contacts, phase, cursor: page.next };
      return { contacts: page.contacts, phase: phase === "inline" ? "filter" : "done", cursor: null };
    }
    phase = phase === "inline" ? "filter" : "done";
    cursor = null;
  }
  return { contacts: [], phase: "done", cursor: null };
}

/** Every page of the audience in turn (preview, checks before send); pages are dropped once visited. */
export async function scanAudience(
  deps: CampaignsDeps,
  campaign: CampaignRow,
  propertyKeys: string[],
  visitPage: (contacts: AudienceContact[], phase: AudiencePhase) => Promise<void>,
): Promise<void> {
  let position: { phase: AudiencePhase; cursor: string | null } = { phase: "inline", cursor: null };
  while (position.phase !== "done") {
    const step = await nextAudiencePage(deps, campaign, position, propertyKeys);
    await visitPage(step.contacts, position.phase);
    position = { phase: step.phase, cursor: step.cursor };
  }
}
