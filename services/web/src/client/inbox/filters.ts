import { useSearchParams } from "react-router";

export type Folder = "open" | "mine" | "unassigned" | "unread" | "closed" | "spam";
export const FOLDERS: Array<{ id: Folder; label: string }> = [
  { id: "open", label: "Open" },
  { id: "mine", label: "Assigned to me" },
  { id: "unassigned", label: "Unassigned" },
  { id: "unread", label: "Unread" },
  { id: "closed", label: "Closed" },
  { id: "spam", label: "Spam" },
];
export const TYPES = ["", "phone", "email", "whatsapp"] as const;

export interface InboxFilters {
  folder: Folder;
  type: string;
  /** A team's id: conversations assigned to it. */
  team: string;
  /** A search: the list shows what `POST /conversations/search` finds instead of the folder. */
  q: string;
}

/** Reads the filters from the URL's query, falling back to the Open folder. */
export function readFilters(params: URLSearchParams): InboxFilters {
  const raw = params.get("folder");
  return {
    folder: FOLDERS.some((f) => f.id === raw) ? (raw as Folder) : "open",
    type: TYPES.find((t) => t === params.get("type")) ?? "",
    team: params.get("team") ?? "",
    q: params.get("q")?.trim() ?? "",
  };
}

/** The list's `GET /conversations` query for the filters (status, assignment, unread, type, team). */
export function listPath(filters: InboxFilters, userId: number): string {
  const query = new URLSearchParams({ limit: "50" });
  const status = filters.folder === "closed" || filters.folder === "spam" ? filters.folder : "open";
  query.set("status", status);
  if (filters.folder === "mine") query.set("assigned_user_id", String(userId));
  if (filters.folder === "unassigned") query.set("unassigned", "true");
  if (filters.folder === "unread") query.set("unread", "true");
  if (filters.type) query.set("type", filters.type);
  if (filters.team) query.set("assigned_team_id", filters.team);
  return `/conversations?${query}`;
}

/** The inbox's filters live in the URL (`?folder=mine&type=phone&team=…&q=…`): links and the back button keep them. */
export function useInboxFilters() {
  const [params, setParams] = useSearchParams();
  const set = (change: Partial<Record<keyof InboxFilters, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  return { ...readFilters(params), set, search: params.toString() };
}
