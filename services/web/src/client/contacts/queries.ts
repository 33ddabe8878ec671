import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { v1 } from "../api.js";
import type { Channel, Conversation, List } from "../types.js";
import { type SearchField, searchBody } from "./contact-search.js";
import type { ContactRecord } from "./types.js";

export const PAGE_SIZE = 50;

export interface ListState {
  q: string;
  by?: SearchField;
  tag: string;
  offset: number;
}

/**
 * A page of contacts: the search route when there is text (it matches one field), else the
 * list, filtered by a tag when one is chosen (the list's `tag` parameter).
 */
export function useContactPage({ q, by, tag, offset }: ListState) {
  return useQuery({
    queryKey: ["contacts", { q, by, tag, offset }],
    queryFn: () => {
      if (q.trim())
        return v1.post<List<ContactRecord>>("/contacts/search", searchBody(q, by, PAGE_SIZE, offset));
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
      if (tag.trim()) query.set("tag", tag.trim());
      return v1.get<List<ContactRecord>>(`/contacts?${query}`);
    },
    placeholderData: (previous) => previous,
  });
}

/** Shares the inbox's cache entry (`["contact", id]`), so an edit here shows there too. */
export function useContactRecord(id: string | undefined) {
  return useQuery({
    queryKey: ["contact", id],
    queryFn: async () => (await v1.get<{ data: ContactRecord }>(`/contacts/${id}`)).data,
    enabled: Boolean(id),
  });
}

/** After a change: the record (as the API now holds it) and every list page. */
export function useContactChanged() {
  const client = useQueryClient();
  return (contact: ContactRecord) => {
    client.setQueryData(["contact", contact.id], contact);
    void client.invalidateQueries({ queryKey: ["contacts"] });
  };
}

/** Runs one write that answers the contact, keeps its error for the form, and says whether it went through. */
export function useContactWrite() {
  const changed = useContactChanged();
  const [error, setError] = useState<unknown>();
  const write = async (call: () => Promise<{ data: ContactRecord }>) => {
    setError(undefined);
    try {
      changed((await call()).data);
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };
  return { write, error };
}

export function useChannels() {
  return useQuery({
    queryKey: ["channels"],
    queryFn: () => v1.get<List<Channel>>("/channels?limit=100"),
    staleTime: 300_000,
  });
}

/**
 * The contact's conversations. `GET /conversations` has no contact filter, so this searches by
 * the contact's phone or email and keeps the contact's own (an agent sees their channels' only).
 */
export function useContactConversations(contact: ContactRecord | undefined) {
  const key = contact?.phone ?? contact?.email;
  return useQuery({
    queryKey: ["conversations", "contact", contact?.id, key],
    queryFn: async () => {
      const found = await v1.post<List<Conversation>>("/conversations/search", { query: key, limit: 100 });
      return found.data.filter((conversation) => conversation.contact_id === contact?.id);
    },
    enabled: Boolean(key),
  });
}
