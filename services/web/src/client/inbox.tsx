import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { type RouteObject, useNavigate, useParams, useSearchParams } from "react-router";
import { v1 } from "./api.js";
import { useLiveState } from "./app/live-context.js";
import { useSession } from "./app/session.js";
import { ContactPanel } from "./contact-panel.js";
import { CHANNEL_LABEL, contactLabel, initials, shortTime } from "./format.js";
import { Thread } from "./thread.js";
import type { Channel, Contact, Conversation, List, User } from "./types.js";

type Folder = "open" | "mine" | "unassigned" | "unread" | "closed";
const FOLDERS: Array<{ id: Folder; label: string }> = [
  { id: "open", label: "Open" },
  { id: "mine", label: "Assigned to me" },
  { id: "unassigned", label: "Unassigned" },
  { id: "unread", label: "Unread" },
  { id: "closed", label: "Closed" },
];
const TYPES = ["", "phone", "email", "whatsapp"] as const;

/** The inbox's filters live in the URL (`?folder=mine&type=phone`): links and the back button keep them. */
function useInboxFilters() {
  const [params, setParams] = useSearchParams();
  const raw = params.get("folder");
  const folder: Folder = FOLDERS.some((f) => f.id === raw) ? (raw as Folder) : "open";
  const type = TYPES.find((t) => t === params.get("type")) ?? "";
  const set = (change: { folder?: Folder; type?: string }) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  return { folder, type, set, search: params.toString() };
}

/** The sidebar's folders and channel types while the inbox is open. */
export function InboxFolders() {
  const { folder, type, set } = useInboxFilters();
  return (
    <section className="subnav" aria-label="Inbox filters">
      <p className="nav-title">Folders</p>
      {FOLDERS.map((item) => (
        <button
          type="button"
          key={item.id}
          className={`nav-item${folder === item.id ? " active" : ""}`}
          aria-pressed={folder === item.id}
          onClick={() => set({ folder: item.id === "open" ? undefined : item.id })}
        >
          {item.label}
        </button>
      ))}
      <p className="nav-title">Channel</p>
      {TYPES.map((value) => (
        <button
          type="button"
          key={value || "all"}
          className={`nav-item${type === value ? " active" : ""}`}
          aria-pressed={type === value}
          onClick={() => set({ type: value })}
        >
          {value ? CHANNEL_LABEL[value] : "All channels"}
        </button>
      ))}
    </section>
  );
}

export const inboxRoutes: RouteObject[] = [
  { path: "inbox", element: <Inbox /> },
  { path: "inbox/:conversationId", element: <Inbox /> },
];

function listPath(folder: Folder, type: string, userId: number): string {
  const query = new URLSearchParams({ limit: "50" });
  if (folder === "closed") query.set("status", "closed");
  else query.set("status", "open");
  if (folder === "mine") query.set("assigned_user_id", String(userId));
  if (folder === "unassigned") query.set("unassigned", "true");
  if (folder === "unread") query.set("unread", "true");
  if (type) query.set("type", type);
  return `/conversations?${query}`;
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: ["contact", id],
    queryFn: async () => (await v1.get<{ data: Contact }>(`/contacts/${id}`)).data,
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

export function Inbox() {
  const session = useSession();
  const client = useQueryClient();
  const live = useLiveState();
  const navigate = useNavigate();
  const { folder, type, search } = useInboxFilters();
  const selected = useParams().conversationId;
  const setSelected = useCallback(
    (id: string) => navigate({ pathname: `/inbox/${id}`, search }),
    [navigate, search],
  );
  const composer = useRef<HTMLTextAreaElement>(null);

  const conversations = useQuery({
    queryKey: ["conversations", folder, type],
    queryFn: () => v1.get<List<Conversation>>(listPath(folder, type, session.user.id)),
    placeholderData: (previous) => previous,
  });
  const channels = useQuery({
    queryKey: ["channels"],
    queryFn: () => v1.get<List<Channel>>("/channels?limit=100"),
    staleTime: 300_000,
  });
  const users = useQuery({
    queryKey: ["users"],
    queryFn: () => v1.get<List<User>>("/users?limit=100"),
    staleTime: 300_000,
  });
  const rows = conversations.data?.data ?? [];
  const contacts = useQueries({
    queries: rows.map((row) => ({
      queryKey: ["contact", row.contact_id],
      queryFn: async () => (await v1.get<{ data: Contact }>(`/contacts/${row.contact_id}`)).data,
      staleTime: 60_000,
    })),
  });
  const contactOf = useMemo(() => {
    const map = new Map<string, Contact>();
    for (const result of contacts) if (result.data) map.set(result.data.id, result.data);
    return map;
  }, [contacts]);
  const channelOf = useMemo(
    () => new Map((channels.data?.data ?? []).map((c) => [c.id, c])),
    [channels.data],
  );
  // The open thread stays open when a change (closing it, assigning it away) moves it out of the list.
  const opened = useQuery({
    queryKey: ["conversation", selected],
    queryFn: async () => (await v1.get<{ data: Conversation }>(`/conversations/${selected}`)).data,
    enabled: Boolean(selected),
  });
  const current =
    rows.find((row) => row.id === selected) ?? (opened.data?.id === selected ? opened.data : undefined);

  const move = useCallback(
    (step: number) => {
      if (rows.length === 0) return;
      const index = rows.findIndex((row) => row.id === selected);
      const next = rows[Math.min(rows.length - 1, Math.max(0, index + step))] ?? rows[0];
      if (next) setSelected(next.id);
    },
    [rows, selected, setSelected],
  );

  const setStatus = useCallback(
    async (conversation: Conversation, status: "open" | "closed") => {
      await v1.put(`/conversations/${conversation.id}`, { status });
      await client.invalidateQueries({ queryKey: ["conversations"] });
      await client.invalidateQueries({ queryKey: ["conversation", conversation.id] });
    },
    [client],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]") || event.metaKey || event.ctrlKey)
        return;
      if (event.key === "j") move(1);
      else if (event.key === "k") move(-1);
      else if (event.key === "r" && current) {
        event.preventDefault();
        composer.current?.focus();
      } else if (event.key === "e" && current) {
        void setStatus(current, current.status === "closed" ? "open" : "closed");
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, current, setStatus]);

  return (
    <div className="inbox">
      <section className="list" aria-label="Conversations">
        <header className="list-header">
          <h1>{FOLDERS.find((f) => f.id === folder)?.label}</h1>
          <span className={`live-dot ${live}`} title={live === "live" ? "Live updates on" : "Reconnecting…"}>
            {live === "live" ? "Live" : "Reconnecting"}
          </span>
        </header>
        {conversations.isError && <p className="empty">Could not load conversations.</p>}
        {rows.length === 0 && !conversations.isPending && <p className="empty">No conversations here.</p>}
        <ul className="conversations">
          {rows.map((row) => {
            const contact = contactOf.get(row.contact_id);
            const label = contactLabel(contact);
            return (
              <li key={row.id}>
                <button
                  type="button"
                  className={`conversation${row.id === selected ? " selected" : ""}${row.unread_count > 0 ? " unread" : ""}`}
                  onClick={() => setSelected(row.id)}
                  aria-current={row.id === selected ? "true" : undefined}
                  data-conversation-id={row.id}
                >
                  <div className="avatar" aria-hidden="true">
                    {initials(label)}
                  </div>
                  <div className="conversation-text">
                    <div className="conversation-top">
                      <span className="name">{label}</span>
                      <time>{shortTime(row.last_message_date ?? row.created_at)}</time>
                    </div>
                    <div className="conversation-bottom">
                      <span className={`chip ${row.channel_type}`}>{CHANNEL_LABEL[row.channel_type]}</span>
                      <span className="channel-name">{channelOf.get(row.channel_id)?.name ?? ""}</span>
                      {row.unread_count > 0 && (
                        <span className="badge">
                          {row.unread_count}
                          <span className="sr-only"> unread</span>
                        </span>
                      )}
                    </div>
                  </div>
                </button>
              </li>
            );
          })}
        </ul>
        <footer className="shortcuts">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>r</kbd> reply · <kbd>e</kbd> close
        </footer>
      </section>

      {current ? (
        <>
          <Thread
            key={current.id}
            conversation={current}
            contact={contactOf.get(current.contact_id)}
            channel={channelOf.get(current.channel_id)}
            users={users.data?.data ?? []}
            me={session.user}
            composerRef={composer}
            onStatus={(status) => setStatus(current, status)}
          />
          <ContactPanel contactId={current.contact_id} channels={channels.data?.data ?? []} />
        </>
      ) : (
        <section className="thread placeholder">
          <div>
            <h2 className="placeholder-title">Select a conversation</h2>
            <p>New messages appear here as they arrive.</p>
          </div>
        </section>
      )}
    </div>
  );
}
