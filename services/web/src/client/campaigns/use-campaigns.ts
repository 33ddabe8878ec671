import { useQuery } from "@tanstack/react-query";
import { v1 } from "../api.js";
import type { Channel, List } from "../types.js";
import type { Campaign, CampaignPreview } from "./types.js";

/** One campaign, refetched when the live stream names it (`live.ts`). */
export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: ["campaign", id],
    queryFn: async () => (await v1.get<{ data: Campaign }>(`/campaigns/${id}`)).data,
    enabled: Boolean(id),
  });
}

export function usePreview(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["campaign-preview", id],
    queryFn: async () => (await v1.get<{ data: CampaignPreview }>(`/campaigns/${id}/preview`)).data,
    enabled: Boolean(id) && enabled,
    staleTime: 0,
  });
}

/** The organization's channels (a campaign names its channel by id); the inbox's query, shared. */
export function useChannels() {
  return useQuery({
    queryKey: ["channels"],
    queryFn: () => v1.get<List<Channel>>("/channels?limit=100"),
    select: (list) => list.data,
    staleTime: 300_000,
  });
}

export function channelName(channels: Channel[] | undefined, id: string, from: string): string {
  const channel = channels?.find((c) => c.id === id);
  return channel ? `${channel.name} (${from})` : from;
}
