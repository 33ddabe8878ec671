import type { QueryClient } from "@tanstack/react-query";

/** The live stream's campaign events; each names only ids (admins' streams only). */
export const CAMPAIGN_EVENT_TYPES = ["campaign.created", "campaign.updated", "campaign_contact.updated"];

/** A running campaign moves many recipients a second: their refetches are gathered this long. */
const GATHER_MS = 300;

const touched = new WeakMap<QueryClient, { campaigns: Set<string>; timer: ReturnType<typeof setTimeout> }>();

/**
 * Refetches what a campaign event touches through `/v1`: the list, the campaign, its recipients.
 * Events arriving within `GATHER_MS` share one refetch per campaign.
 */
export function applyCampaignEvent(client: QueryClient, data: { id: string; campaign_id?: string }): void {
  const id = data.campaign_id ?? data.id;
  const pending = touched.get(client);
  if (pending) {
    pending.campaigns.add(id);
    return;
  }
  const campaigns = new Set([id]);
  const timer = setTimeout(() => {
    touched.delete(client);
    void client.invalidateQueries({ queryKey: ["campaigns"] });
    for (const campaign of campaigns) {
      void client.invalidateQueries({ queryKey: ["campaign", campaign] });
      void client.invalidateQueries({ queryKey: ["campaign-recipients", campaign] });
    }
  }, GATHER_MS);
  touched.set(client, { campaigns, timer });
}
