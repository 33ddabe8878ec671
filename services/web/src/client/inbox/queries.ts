import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { v1 } from "../api.js";
import type { Channel, Contact, List, Preference, Team, User } from "../types.js";

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: ["contact", id],
    queryFn: async () => (await v1.get<{ data: Contact }>(`/contacts/${id}`)).data,
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

export function usePreferences(contactId: string | undefined) {
  return useQuery({
    queryKey: ["preferences", contactId],
    queryFn: async () =>
      (await v1.get<{ data: Preference[] }>(`/contacts/${contactId}/communication_preferences`)).data,
    enabled: Boolean(contactId),
  });
}

/** Opts a contact in or out on a channel, then reads their consent again (the inbox's panel and the contact's page). */
export function useConsentChange(contactId: string) {
  const client = useQueryClient();
  return useCallback(
    async (channelId: string, optIn: boolean) => {
      await v1.post(`/contacts/${contactId}/communication_preferences/${optIn ? "opt_in" : "opt_out"}`, {
        channel_id: channelId,
      });
      await client.invalidateQueries({ queryKey: ["preferences", contactId] });
    },
    [client, contactId],
  );
}

export function useChannels() {
  return useQuery({
    queryKey: ["channels"],
    queryFn: () => v1.get<List<Channel>>("/channels?limit=100"),
    staleTime: 300_000,
  });
}

export function useUsers() {
  return useQuery({
    queryKey: ["users"],
    queryFn: () => v1.get<List<User>>("/users?limit=100"),
    staleTime: 300_000,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: ["teams"],
    queryFn: () => v1.get<List<Team>>("/teams?limit=100"),
    staleTime: 300_000,
  });
}
