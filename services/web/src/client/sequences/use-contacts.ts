import { useQueries } from "@tanstack/react-query";
import { v1 } from "../api.js";
import { contactLabel } from "../format.js";
import type { Contact } from "../types.js";

/** The contacts of a page of runs, by id, each read once and kept (names change rarely). */
export function useContactNames(ids: readonly string[]): (id: string) => string {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ["contact", id],
      queryFn: () => v1.get<{ data: Contact }>(`/contacts/${id}`).then((r) => r.data),
      staleTime: 60_000,
    })),
  });
  const byId = new Map(unique.map((id, i) => [id, results[i]?.data]));
  return (id) => (byId.get(id) ? contactLabel(byId.get(id)) : "…");
}
