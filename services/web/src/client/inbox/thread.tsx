import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type RefObject, useEffect, useMemo, useRef, useState } from "react";
import { Button, Menu, MenuItem, MenuTrigger, Popover } from "react-aria-components";
import { Link } from "react-router";
import { errorMessage, v1 } from "../api.js";
import { CHANNEL_LABEL, contactLabel, fullTime } from "../format.js";
import type { Channel, Contact, Conversation, List, Message, SessionUser, Team, User } from "../types.js";
import { SelectField } from "../ui/select-field.js";
import { Composer } from "./composer.js";
import { usePreferences } from "./queries.js";
import { TimelineItem } from "./timeline.js";
import { whatsAppWindow } from "./whatsapp-window.js";

type Change = Record<string, unknown>;

/** Assign to a user and a team, close or reopen, mark spam (`PUT /conversations/{id}`). */
function ThreadActions(props: {
  conversation: Conversation;
  users: User[];
  teams: Team[];
  me: SessionUser;
  onUpdate(change: Change): Promise<void>;
}) {
  const { conversation, users, teams, me } = props;
  const [error, setError] = useState<string>();
  const update = (change: Change) => {
    setError(undefined);
    props.onUpdate(change).catch((caught) => setError(errorMessage(caught)));
  };
  const closed = conversation.status === "closed";
  const spam = conversation.status === "spam";
  return (
    <div className="actions">
      <SelectField
        label="Assign to"
        placeholder="Unassigned"
        value={conversation.assigned_user_id ? String(conversation.assigned_user_id) : ""}
        onChange={(id) => update({ assigned_user_id: id ? Number(id) : null })}
        options={[
          { id: "", label: "Unassigned" },
          ...users.map((u) => ({ id: String(u.id), label: u.id === me.id ? `${u.name} (me)` : u.name })),
        ]}
      />
      <SelectField
        label="Team"
        placeholder="No team"
        value={conversation.assigned_team_id ?? ""}
        onChange={(id) => update({ assigned_team_id: id || null })}
        options={[{ id: "", label: "No team" }, ...teams.map((t) => ({ id: t.id, label: t.name }))]}
      />
      <button
        type="button"
        className="secondary"
        onClick={() => update({ status: closed ? "open" : "closed" })}
      >
        {closed || spam ? "Reopen" : "Close"}
      </button>
      <MenuTrigger>
        <Button className="secondary" aria-label="More actions">
          ⋯
        </Button>
        <Popover className="select-popover">
          <Menu
            className="select-list"
            onAction={(key) => update({ status: key === "spam" ? "spam" : "open" })}
            aria-label="More actions"
          >
            {spam ? (
              <MenuItem id="not-spam" className="select-option">
                Not spam
              </MenuItem>
            ) : (
              <MenuItem id="spam" className="select-option">
                Mark as spam
              </MenuItem>
            )}
          </Menu>
        </Popover>
      </MenuTrigger>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** The 24-hour window's state above a WhatsApp composer. */
function WindowBanner({ state }: { state: ReturnType<typeof whatsAppWindow> }) {
  return state.open ? (
    <p className="window-state open" role="status">
      WhatsApp window open until {fullTime(state.until.toISOString())}: free-form replies go.
    </p>
  ) : (
    <p className="window-state closed" role="status">
      WhatsApp window closed
      {state.lastInbound
        ? ` (the contact last wrote ${fullTime(state.lastInbound.toISOString())})`
        : " (the contact has not written)"}
      : only a template can be sent.
    </p>
  );
}

export function Thread(props: {
  conversation: Conversation;
  contact: Contact | undefined;
  channel: Channel | undefined;
  users: User[];
  teams: Team[];
  me: SessionUser;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  onUpdate(change: Change): Promise<void>;
  /** The list's filters, for the way back at phone width. */
  listSearch: string;
  contactShown: boolean;
  onToggleContact(): void;
}) {
  const { conversation, contact, channel, users } = props;
  const client = useQueryClient();
  const messages = useQuery({
    queryKey: ["messages", conversation.id],
    queryFn: () => v1.get<List<Message>>(`/conversations/${conversation.id}/messages?limit=100`),
  });
  const preferences = usePreferences(conversation.contact_id);
  const end = useRef<HTMLLIElement>(null);
  const ordered = useMemo(() => [...(messages.data?.data ?? [])].reverse(), [messages.data]);
  const optedOut = preferences.data?.find((p) => p.channel_id === conversation.channel_id && !p.opt_in);
  const email = conversation.channel_type === "email";
  const recipient = email ? contact?.email : contact?.phone;
  const sender = email ? channel?.address : channel?.phone;
  // The window is read when the messages change; a live event refetches them.
  const waWindow = useMemo(
    () => (conversation.channel_type === "whatsapp" ? whatsAppWindow(ordered, new Date()) : undefined),
    [conversation.channel_type, ordered],
  );

  const count = ordered.length;
  useEffect(() => {
    if (count > 0) end.current?.scrollIntoView({ block: "end" });
  }, [count]);

  useEffect(() => {
    if (conversation.unread_count > 0) {
      void v1
        .put(`/conversations/${conversation.id}`, { mark_read: true })
        .then(() => client.invalidateQueries({ queryKey: ["conversations"] }))
        .catch(() => undefined);
    }
  }, [conversation.id, conversation.unread_count, client]);

  return (
    <section className="thread" aria-label="Conversation">
      <header className="thread-header">
        {/* Shown only where the list and the contact panel are not beside the thread (styles.css). */}
        <div className="narrow-only thread-nav">
          <Link className="back-to-list" to={{ pathname: "/inbox", search: props.listSearch }}>
            ‹ Conversations
          </Link>
          <button
            type="button"
            className="secondary contact-toggle"
            aria-expanded={props.contactShown}
            aria-controls="contact-panel"
            onClick={props.onToggleContact}
          >
            Contact
          </button>
        </div>
        <div>
          <h2>{contactLabel(contact)}</h2>
          <p className="sub">
            {CHANNEL_LABEL[conversation.channel_type]} · {channel?.name ?? "channel"} ·{" "}
            <span className={`pill ${conversation.status}`}>{conversation.status}</span>
          </p>
        </div>
        <ThreadActions {...props} />
      </header>
      <ol className="timeline" aria-live="polite">
        {ordered.map((message) => (
          <TimelineItem key={message.id} message={message} users={users} />
        ))}
        <li ref={end} className="timeline-end" aria-hidden="true" />
      </ol>
      {waWindow && <WindowBanner state={waWindow} />}
      {optedOut ? (
        <div className="refusal" role="status">
          <strong>{contactLabel(contact)} has opted out of this channel.</strong> Nothing can be sent here
          until they opt back in (they can text START), since {fullTime(optedOut.updated_at)} (
          {optedOut.source}).
        </div>
      ) : null}
      <Composer
        conversation={conversation}
        parties={recipient && sender ? { from: sender, to: recipient } : undefined}
        window={waWindow}
        refusal={optedOut ? "opted out" : undefined}
        composerRef={props.composerRef}
      />
    </section>
  );
}
