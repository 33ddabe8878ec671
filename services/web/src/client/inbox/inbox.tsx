import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Input, Label, SearchField } from "react-aria-components";
import { useNavigate, useParams } from "react-router";
import { v1 } from "../api.js";
import { useLiveState } from "../app/live-context.js";
import { useSession } from "../app/session.js";
import { CHANNEL_LABEL, contactLabel, initials, shortTime } from "../format.js";
import type { Contact, Conversation, List } from "../types.js";
import { ContactPanel } from "./contact-panel.js";
import { FOLDERS, listPath, useInboxFilters } from "./filters.js";
import { useChannels, useTeams, useUsers } from "./queries.js";
import { Thread } from "./thread.js";

export function Inbox() {
  const session = useSession();
  const client = useQueryClient();
  const live = useLiveState();
  const navigate = useNavigate();
  const filters = useInboxFilters();
  const { folder, type, team, q, search } = filters;
  const selected = useParams().conversationId;
  const setSelected = useCallback(
    (id: string) => navigate({ pathname: `/inbox/${id}`, search }),
    [navigate, search],
  );
  const composer = useRef<HTMLTextAreaElement>(null);
  // Below 1100 px the contact panel is not beside the thread: it opens over it on request.
  const [contactShown, setContactShown] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another conversation starts with it closed
  useEffect(() => setContactShown(false), [selected]);

  const conversations = useQuery({
    queryKey: ["conversations", folder, type, team, q],
    queryFn: () =>
      q
        ? v1.post<List<Conversation>>("/conversations/search", { query: q, limit: 50 })
        : v1.get<List<Conversation>>(listPath(filters, session.user.id)),
    placeholderData: (previous) => previous,
  });
  const channels = useChannels();
  const users = useUsers();
  const teams = useTeams();
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

  const update = useCallback(
    async (conversation: Conversation, change: Record<string, unknown>) => {
      await v1.put(`/conversations/${conversation.id}`, change);
      await client.invalidateQueries({ queryKey: ["conversations"] });
      await client.invalidateQueries({ queryKey: ["conversation", conversation.id] });
    },
    [client],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (
        target.closest("input, textarea, select, [contenteditable], [role=listbox], [role=menu]") ||
        event.metaKey ||
        event.ctrlKey
      )
        return;
      if (event.key === "j") move(1);
      else if (event.key === "k") move(-1);
      else if (event.key === "r" && current) {
        event.preventDefault();
        composer.current?.focus();
      } else if (event.key === "e" && current) {
        void update(current, { status: current.status === "closed" ? "open" : "closed" });
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, current, update]);

  const heading = q ? `Search: ${q}` : FOLDERS.find((f) => f.id === folder)?.label;
  return (
    // At phone width one pane shows: the list, or the open conversation (`has-open`).
    <div className={`inbox${current ? " has-open" : ""}${contactShown ? " show-contact" : ""}`}>
      <section className="list" aria-label="Conversations">
        <header className="list-header">
          <h1>{heading}</h1>
          <span className={`live-dot ${live}`} title={live === "live" ? "Live updates on" : "Reconnecting…"}>
            {live === "live" ? "Live" : "Reconnecting"}
          </span>
        </header>
        <SearchField
          key={q}
          className="list-search"
          defaultValue={q}
          onSubmit={(value) => filters.set({ q: value.trim() })}
          onClear={() => filters.set({ q: undefined })}
        >
          <Label className="sr-only">Search conversations</Label>
          <Input placeholder="Search name, number, email or text" />
        </SearchField>
        {conversations.isError && <p className="empty">Could not load conversations.</p>}
        {rows.length === 0 && !conversations.isPending && (
          <p className="empty">{q ? "Nothing matches." : "No conversations here."}</p>
        )}
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
                      {row.status !== "open" && <span className={`pill ${row.status}`}>{row.status}</span>}
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
            teams={teams.data?.data ?? []}
            me={session.user}
            composerRef={composer}
            onUpdate={(change) => update(current, change)}
            listSearch={search}
            contactShown={contactShown}
            onToggleContact={() => setContactShown((shown) => !shown)}
          />
          <ContactPanel
            contactId={current.contact_id}
            conversationId={current.id}
            channels={channels.data?.data ?? []}
            search={search}
            onClose={() => setContactShown(false)}
          />
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
